"""``python -m bot members export | import``."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.db import utcnow
from handlers.membership.cli import members_group
from tests.handlers.membership.helpers import KEES, NEWCOMER, person


@pytest.fixture
def cli(katwijk_bot, database_url, tmp_path):
    """Runs the CLI against the Katwijk bot's database."""
    config = tmp_path / "config.toml"
    config.write_text(
        f'[bot]\npublic_url = "https://buurtalert.test"\n'
        f'[database]\nurl = "{database_url}"\n[worker]\ntransport = "local"\n'
    )
    main.add_command(members_group)
    runner = CliRunner()

    def run(*args: str):
        result = runner.invoke(main, ["--config", str(config), *args])
        assert result.exit_code == 0, result.output
        return result

    return run


def test_export_writes_a_neighbourhoods_members_as_csv(cli):
    result = cli("members", "export", "--neighbourhood", "hoornes")

    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 7
    assert {r["neighbourhood"] for r in rows} == {"hoornes"}
    assert {"name": "Kees Varkevisser", "phone": KEES}.items() <= next(
        r for r in rows if r["name"].startswith("Kees")
    ).items()


def test_export_to_a_file(cli, tmp_path):
    target = tmp_path / "leden.csv"

    cli("members", "export", "--output", str(target))

    assert target.read_text().count("\n") > 30


def test_import_invites_each_person_to_confirm(cli, katwijk_whatsapp, clock, tmp_path):
    source = tmp_path / "groep.csv"
    source.write_text(
        "naam,telefoon\nNina Zeeman,06 8765 4321\nKees,0612341011\nFout,123\n"
    )

    result = cli("members", "import", str(source), "--neighbourhood", "hoornes")

    clock.now = utcnow()  # the CLI queued on the real clock
    assert "3 rows read; active: 1, bad number: 1, invited: 1." in result.output
    assert "Antwoord 'ja'" in katwijk_whatsapp.last(NEWCOMER)
    assert katwijk_whatsapp.inbox(KEES) == []
    katwijk_whatsapp.send(NEWCOMER, "ja")
    assert person(katwijk_whatsapp.bot, NEWCOMER).status == "active"
