"""Fixtures for the model tests: a session on the test database, the demo
network."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from bot.db import Database
from models.network_import import import_network, load_network_file

KATWIJK_FILE = Path(__file__).parents[2] / "data" / "katwijk.toml"
TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    """The test database (SQLite, or PostgreSQL when configured), empty."""
    database = Database(database_url)

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
