"""``python -m bot members export | import``: member lists as CSV.

Export writes the active members; import brings in an existing WhatsApp
group's list as people to invite. Nobody becomes a member by import alone:
each gets an invitation and must answer ``ja``.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path
from typing import IO, Any

import click
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import contacts, outbox
from bot.outbox import Outgoing
from handlers.membership.common import police_phones
from models import membership
from models.audit import record
from models.errors import InvalidPhone
from models.membership import Applicant
from models.network import Neighbourhood, Person, find_neighbourhood
from models.phones import normalize_phone, whatsapp_address

COLUMNS = (
    "name",
    "phone",
    "role",
    "neighbourhood",
    "address",
    "postcode",
    "house_number",
)
NAME_HEADERS = ("name", "naam")
PHONE_HEADERS = ("phone", "telefoon", "nummer", "number")


@click.group("members")
def members_group() -> None:
    """Member lists: export to CSV, import to invite."""


@members_group.command("export")
@click.option("--neighbourhood", "slug", help="Only this neighbourhood (slug).")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write here instead of standard output.",
)
@click.pass_obj
def export(holder: Any, slug: str | None, output: Path | None) -> None:
    """Write the active members as CSV."""
    bot = holder.bot()
    with bot.db.transaction() as session:
        hood = _neighbourhood(session, slug) if slug else None
        rows = [_row(p) for p in _active(session, hood)]
        record(
            session, None, "members.export", neighbourhood=slug or "*", count=len(rows)
        )
    if output is None:
        _write(sys.stdout, rows)
    else:
        with output.open("w", newline="", encoding="utf-8") as file:
            _write(file, rows)
        click.echo(f"Wrote {len(rows)} members to {output}.", err=True)


def _active(session: Session, hood: Neighbourhood | None) -> list[Person]:
    query = select(Person).where(
        Person.status == "active", Person.neighbourhood_id.is_not(None)
    )
    if hood is not None:
        query = query.where(Person.neighbourhood_id == hood.id)

    return list(session.scalars(query.order_by(Person.neighbourhood_id, Person.name)))


def _row(person: Person) -> dict[str, str]:
    hood = person.neighbourhood
    return {
        "name": person.name,
        "phone": person.phone or "",
        "role": person.role,
        "neighbourhood": hood.slug if hood else "",
        "address": person.street_address or "",
        "postcode": person.postcode or "",
        "house_number": person.house_number or "",
    }


def _write(file: IO[str], rows: list[dict[str, str]]) -> None:
    writer = csv.DictWriter(file, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)


def _neighbourhood(session: Session, slug: str) -> Neighbourhood:
    hood = find_neighbourhood(session, slug)
    if hood is None:
        raise click.BadParameter(
            f"no neighbourhood {slug!r}", param_hint="--neighbourhood"
        )

    return hood


@members_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--neighbourhood",
    "slug",
    required=True,
    help="The neighbourhood they are invited to (slug).",
)
@click.pass_obj
def import_members(holder: Any, file: Path, slug: str) -> None:
    """Invite the people in FILE (columns name and phone) to confirm with ja."""
    bot = holder.bot()
    entries = _read(file)
    counts: Counter[str] = Counter()
    with bot.db.transaction() as session:
        hood = _neighbourhood(session, slug)
        with click.progressbar(entries, label="Inviting", file=sys.stderr) as bar:
            for name, phone in bar:
                counts[_invite(bot, session, hood, name, phone)] += 1
        record(
            session,
            None,
            "members.import",
            neighbourhood=hood.slug,
            outcomes=dict(counts),
        )
    bot.wake.set()
    summary = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))
    click.echo(f"{len(entries)} rows read; {summary}.", err=True)


def _read(file: Path) -> list[tuple[str, str]]:
    with file.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        fields = {f.strip().lower(): f for f in reader.fieldnames or []}
        name = next((fields[h] for h in NAME_HEADERS if h in fields), None)
        phone = next((fields[h] for h in PHONE_HEADERS if h in fields), None)
        if name is None or phone is None:
            raise click.UsageError(f"{file}: expected the columns name and phone")

        return [(row[name] or "", row[phone] or "") for row in reader]


def _invite(
    bot: Any, session: Session, hood: Neighbourhood, name: str, raw: str
) -> str:
    try:
        phone = normalize_phone(raw)
    except InvalidPhone:
        return "bad number"
    clean = membership.clean_name(name)
    if clean is None:
        return "bad name"

    address = whatsapp_address(phone)
    applicant = Applicant(name=clean, phone=phone, address="", neighbourhood=hood)
    opted_out = bool(contacts.opted_out(session, [address]))
    now = bot.clock()
    outcome, person, _request = membership.invite(
        session,
        applicant,
        "import",
        now,
        opted_out=opted_out,
        police=police_phones(bot.config),
    )
    if outcome == "invited":
        assert person is not None
        body = bot.texts.get(
            "membership.confirm_invite",
            None,
            first_name=person.first_name,
            neighbourhood=hood.name,
        )
        outbox.enqueue(session, [Outgoing(address, body, kind="notice")], now)

    return outcome
