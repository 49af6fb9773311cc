"""Schema migrations with Alembic, driven from the code (no alembic.ini)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(url: str) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))

    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the schema at ``url`` up to ``revision``."""
    command.upgrade(alembic_config(url), revision)


def schema_state(engine: Engine) -> str:
    """``current``, ``behind`` (run the upgrade) or ``empty``."""
    heads = set(
        ScriptDirectory.from_config(alembic_config(str(engine.url))).get_heads()
    )
    if not heads:
        # No migrations yet: there is nothing to upgrade to.
        return "current"

    with engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    if not current:
        return "empty"

    return "current" if current == heads else "behind"
