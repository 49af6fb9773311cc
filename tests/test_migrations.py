"""The migrations build exactly the schema the models describe."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from bot.app import create_flask_app, load_registry, plugin_names
from bot.db import Base, make_engine
from bot.migrate import schema_state, upgrade


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
