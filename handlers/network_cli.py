"""``python -m bot import FILE``: load a network file into the database.

Safe to repeat: a second import of the same file changes nothing. With any
error, nothing is written and the command exits with status 1.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path

import click

from bot.cli import Holder
from bot.registry import Registry
from models import audit
from models.network_import import ImportReport, import_network, load_network_file

PLURALS = {"town": "towns", "neighbourhood": "neighbourhoods", "person": "people"}


class _NothingWritten(Exception):
    """Rolls the import back when its report holds errors."""


def counts(counter: Counter[str]) -> str:
    """``3 towns, 15 neighbourhoods, 42 people``, or ``nothing``."""
    parts = [f"{counter[kind]} {PLURALS[kind]}" for kind in PLURALS if counter[kind]]

    return ", ".join(parts) or "nothing"


def _load(path: Path) -> dict[str, object]:
    try:
        return load_network_file(path)
    except tomllib.TOMLDecodeError as err:
        click.echo(f"error: {path.name} is not valid TOML: {err}", err=True)
        raise SystemExit(1) from err


def _show(report: ImportReport) -> None:
    for warning in report.warnings:
        click.echo(f"warning: {warning}")
    for error in report.errors:
        click.echo(f"error: {error}", err=True)


@click.command("import")
@click.argument(
    "path", metavar="FILE", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.pass_obj
def import_command(holder: Holder, path: Path) -> None:
    """Import a network file: towns, neighbourhoods and people."""
    bot = holder.bot()
    data = _load(path)
    try:
        with bot.db.transaction() as session:
            report = import_network(session, data)
            if not report.ok:
                raise _NothingWritten
            if report.created or report.updated:
                audit.record(
                    session,
                    None,
                    "network.import",
                    created=dict(report.created),
                    updated=dict(report.updated),
                )
    except _NothingWritten:
        _show(report)
        click.echo(f"{len(report.errors)} errors: nothing was imported.", err=True)
        raise SystemExit(1) from None

    click.echo(f"created: {counts(report.created)}")
    click.echo(f"updated: {counts(report.updated)}")
    _show(report)


def setup(registry: Registry) -> None:
    registry.cli(import_command)
