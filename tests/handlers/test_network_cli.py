"""``python -m bot import FILE``: counts, idempotency, errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from bot.cli import Holder
from bot.db import Database
from handlers.network_cli import import_command
from models.network import Person, Town
from tests.handlers.conftest import KATWIJK_FILE

BROKEN = """
[[kern]]
name = "Katwijk"

[[neighbourhood]]
slug = "hoornes"
name = "Hoornes"
kern = "Katwijk"
postcodes = ["2224"]
neighbours = ["atlantis"]
"""


@pytest.fixture
def config_file(tmp_path: Path, database_url: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(f'[database]\nurl = "{database_url}"\n')
    return path


@pytest.fixture
def run_import(config_file: Path):
    def run(path: Path):
        holder = Holder(str(config_file))
        result = CliRunner().invoke(import_command, [str(path)], obj=holder)
        holder.bot().db.dispose()
        return result

    return run


def count(database_url: str, model) -> int:
    database = Database(database_url)
    with database.transaction() as session:
        total = session.scalar(select(func.count()).select_from(model)) or 0
    database.dispose()
    return total


def test_import_prints_what_it_created(run_import, database_url):
    result = run_import(KATWIJK_FILE)

    assert result.exit_code == 0, result.output
    assert "created: 3 towns, 15 neighbourhoods, 41 people" in result.output
    assert count(database_url, Person) == 41


def test_import_twice_changes_nothing(run_import, database_url):
    run_import(KATWIJK_FILE)

    result = run_import(KATWIJK_FILE)

    assert result.exit_code == 0, result.output
    assert "created: nothing" in result.output
    assert "updated: nothing" in result.output
    assert count(database_url, Person) == 41


def test_no_import_of_a_file_with_an_error(run_import, database_url, tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text(BROKEN)

    result = run_import(path)

    assert result.exit_code == 1
    assert "error:" in result.output
    assert "atlantis" in result.output
    assert "nothing was imported" in result.output
    assert count(database_url, Town) == 0


def test_no_import_of_a_file_that_is_no_toml(run_import, tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text("[[kern]\nname = ")

    result = run_import(path)

    assert result.exit_code == 1
    assert "not valid TOML" in result.output
