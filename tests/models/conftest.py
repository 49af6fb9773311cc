"""Databases for the model tests: SQLite in a temporary file, and PostgreSQL
when ``BUURTALERT_TEST_DATABASE_URL`` names one."""

from __future__ import annotations

import copy
import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

import models  # noqa: F401  (registers the tables)
from bot.db import Base, Database
from models.network_import import import_network, load_network_file

KATWIJK_FILE = Path(__file__).parents[2] / "data" / "katwijk.toml"
TODAY = dt.date(2026, 6, 1)

_DATABASES = [pytest.param(None, id="sqlite")]
if os.environ.get("BUURTALERT_TEST_DATABASE_URL"):
    _DATABASES.append(
        pytest.param(os.environ["BUURTALERT_TEST_DATABASE_URL"], id="postgresql")
    )


@pytest.fixture(params=_DATABASES)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    url = request.param or f"sqlite:///{tmp_path / 'network.db'}"
    database = Database(url)
    Base.metadata.drop_all(database.engine)
    Base.metadata.create_all(database.engine)

    yield database

    database.dispose()


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    with database.sessions() as session:
        yield session

        session.rollback()


@pytest.fixture(scope="session")
def katwijk_file() -> dict[str, Any]:
    return load_network_file(KATWIJK_FILE)


@pytest.fixture
def katwijk(katwijk_file: dict[str, Any]) -> dict[str, Any]:
    """The demo network's tables, a fresh copy for each test to edit."""
    return copy.deepcopy(katwijk_file)


@pytest.fixture
def network(session: Session, katwijk: dict[str, Any]) -> Session:
    """A session over a database holding the imported Katwijk network."""
    report = import_network(session, katwijk, today=TODAY)
    assert report.ok, report.errors
    session.commit()

    return session
