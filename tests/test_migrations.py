"""The migrations build exactly the schema the models describe."""

from __future__ import annotations

import os
import secrets

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import make_url, text

from bot.app import load_registry, plugin_names
from bot.db import Base, make_engine
from bot.migrate import schema_state, upgrade
from bot.wsgi import create_flask_app
from tests.conftest import TEST_DB_ENV


@pytest.fixture
def empty_url(tmp_path):
    return f"sqlite:///{tmp_path / 'empty.db'}"


def test_upgrade_builds_the_models_schema(empty_url):
    load_registry(plugin_names(None))

    upgrade(empty_url)

    engine = make_engine(empty_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []


def test_health_says_503_until_the_schema_is_current(make_bot, empty_url):
    bot = make_bot(database={"url": empty_url})
    client = create_flask_app(bot).test_client()

    before = client.get("/healthz")
    upgrade(empty_url)
    after = client.get("/healthz")

    assert before.status_code == 503
    assert before.get_json()["database"] == "schema empty"
    assert after.status_code == 200
    assert schema_state(bot.db.engine) == "current"


def test_no_health_without_a_database(make_bot, tmp_path):
    url = f"sqlite:///{tmp_path / 'missing' / 'nowhere.db'}"
    bot = make_bot(database={"url": url})

    response = create_flask_app(bot).test_client().get("/healthz")

    assert response.status_code == 503


@pytest.fixture
def empty_postgresql_url():
    """A new, empty PostgreSQL database beside the test database."""
    base = os.environ.get(TEST_DB_ENV)
    if not base:
        pytest.skip("needs PostgreSQL")
    name = f"buurtalert_migrate_{secrets.token_hex(4)}"
    admin = make_engine(base).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(base).set(database=name)

    yield url.render_as_string(hide_password=False)

    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def test_upgrade_builds_the_models_schema_on_postgresql(empty_postgresql_url):
    load_registry(plugin_names(None))

    upgrade(empty_postgresql_url)

    engine = make_engine(empty_postgresql_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert schema_state(engine) == "current"
    engine.dispose()
    assert differences == []
