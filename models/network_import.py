"""Importing a network file: towns, neighbourhoods and people, from TOML.

The format is described in the header of ``data/katwijk.toml``. An import is
idempotent: a town is known by its name, a neighbourhood by its slug and a
person by their phone number, so importing the same file again finds them
and changes nothing. People in the database but not in the file are left as
they are.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.network import Neighbourhood, Person, Town
from models.network_checks import (
    NeighbourhoodEntry,
    Problems,
    check_kernen,
    check_neighbourhoods,
)
from models.person_checks import PersonEntry, check_people
from models.phones import whatsapp_address

# The year that counts for an admin's age is the one in Katwijk.
LOCAL_ZONE = ZoneInfo("Europe/Amsterdam")


@dataclass
class ImportReport:
    """What an import found and did. With any error, nothing was written."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)

    @property
    def ok(self) -> bool:
        return not self.errors


def load_network_file(path: str | Path) -> dict[str, Any]:
    """The tables of a network file, as TOML reads them."""
    with open(path, "rb") as file:
        return tomllib.load(file)


def import_network(
    session: Session, data: dict[str, Any], today: dt.date | None = None
) -> ImportReport:
    """Check ``data`` and, when it holds no error, write it into ``session``.

    Nothing is committed: the caller owns the transaction, and rolls it back
    when the report has errors. ``today`` decides admins' ages.
    """
    today = today or dt.datetime.now(LOCAL_ZONE).date()
    problems = Problems()
    kernen = check_kernen(_tables(data, "kern", problems), problems)
    areas = check_neighbourhoods(
        _tables(data, "neighbourhood", problems), kernen, problems
    )
    people = check_people(_tables(data, "person", problems), areas, today, problems)
    _check_against_database(session, people, problems)
    report = ImportReport(problems.errors, problems.warnings)
    if not report.ok:
        return report

    towns = _write_towns(session, kernen, report)
    neighbourhoods = _write_neighbourhoods(session, areas, towns, report)
    _write_people(session, people, neighbourhoods, report)
    _warn_unlisted(session, people, report)

    return report


def _tables(data: dict[str, Any], key: str, problems: Problems) -> list[Any]:
    tables = data.get(key, [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        problems.errors.append(f'"{key}" must be a list of [[{key}]] tables')
        return []

    return tables


def _check_against_database(
    session: Session, people: list[PersonEntry], problems: Problems
) -> None:
    """Refuse a new primary where one not in the file already answers."""
    phones = {entry.phone for entry in people}
    wanted = {e.neighbourhood: e for e in people if e.role == "primary"}
    query = (
        select(Person, Neighbourhood.slug)
        .join(Neighbourhood, Person.neighbourhood_id == Neighbourhood.id)
        .where(Person.role == "primary", Neighbourhood.slug.in_(list(wanted)))
    )
    for person, slug in session.execute(query):
        if person.phone not in phones:
            problems.errors.append(
                f'{wanted[slug].label}: role "primary" for neighbourhood "{slug}", '
                f"whose primary (person id {person.id}) is not in the file"
            )


def _assign(target: Any, values: dict[str, Any]) -> bool:
    """Set the values that differ; True when any did."""
    changed = False
    for key, value in values.items():
        if getattr(target, key) != value:
            setattr(target, key, value)
            changed = True

    return changed


def _write_towns(
    session: Session, names: list[str], report: ImportReport
) -> dict[str, Town]:
    towns = {town.name: town for town in session.scalars(select(Town))}
    for name in names:
        if name not in towns:
            towns[name] = Town(name=name)
            session.add(towns[name])
            report.created["town"] += 1

    return towns


def _write_neighbourhoods(
    session: Session,
    entries: dict[str, NeighbourhoodEntry],
    towns: dict[str, Town],
    report: ImportReport,
) -> dict[str, Neighbourhood]:
    found = {n.slug: n for n in session.scalars(select(Neighbourhood))}
    before = {slug: {n.slug for n in found[slug].neighbours} for slug in found}
    changed: set[str] = set()
    for slug, entry in entries.items():
        neighbourhood = found.get(slug)
        if neighbourhood is None:
            neighbourhood = found[slug] = Neighbourhood(slug=slug)
            session.add(neighbourhood)
            report.created["neighbourhood"] += 1

        values = {
            "name": entry.name,
            "town": towns[entry.kern],
            "postcodes": entry.postcodes,
            "delivery": entry.delivery,
        }
        if _assign(neighbourhood, values):
            changed.add(slug)

    for slug, entry in entries.items():
        if {n.slug for n in found[slug].neighbours} != entry.neighbours:
            found[slug].set_neighbours([found[other] for other in entry.neighbours])

    changed |= {s for s in before if {n.slug for n in found[s].neighbours} != before[s]}
    if changed & set(before):
        report.updated["neighbourhood"] += len(changed & set(before))

    return found


def _write_people(
    session: Session,
    entries: list[PersonEntry],
    neighbourhoods: dict[str, Neighbourhood],
    report: ImportReport,
) -> None:
    query = select(Person).where(Person.phone.in_([e.phone for e in entries]))
    found = {person.phone or "": person for person in session.scalars(query)}
    changed = _step_down_primaries(session, entries, found, neighbourhoods)
    for entry in entries:
        person = found.get(entry.phone)
        if person is None:
            person = Person(status="active")
            session.add(person)
            report.created["person"] += 1
        elif person.status == "left":
            report.warnings.append(
                f"{entry.label}: has left the network and stays so; only they can "
                "sign up again"
            )

        if _assign(person, _person_values(entry, neighbourhoods)):
            changed.add(entry.phone)

    if changed & set(found):
        report.updated["person"] += len(changed & set(found))
    session.flush()


def _person_values(
    entry: PersonEntry, neighbourhoods: dict[str, Neighbourhood]
) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": entry.name,
        "phone": entry.phone,
        "whatsapp_address": whatsapp_address(entry.phone),
        "role": entry.role,
        "neighbourhood": neighbourhoods.get(entry.neighbourhood or ""),
        "born": entry.born,
    }
    # An address the file leaves out is kept: people may have given one since.
    if entry.address is not None:
        values["street_address"] = entry.address
        values["postcode"] = entry.postcode
        values["house_number"] = entry.house_number

    return values


def _step_down_primaries(
    session: Session,
    entries: list[PersonEntry],
    found: dict[str, Person],
    neighbourhoods: dict[str, Neighbourhood],
) -> set[str]:
    """Make every primary who stops being one a backup first.

    The database holds one primary per neighbourhood at any moment, so when
    two people swap, the old primary must step down before the new one steps up.
    """
    stepped_down: set[str] = set()
    for entry in entries:
        person = found.get(entry.phone)
        home = neighbourhoods.get(entry.neighbourhood or "")
        if person is None or person.role != "primary":
            continue
        if entry.role != "primary" or person.neighbourhood is not home:
            person.role = "backup"
            stepped_down.add(entry.phone)

    session.flush()

    return stepped_down


def _warn_unlisted(
    session: Session, entries: list[PersonEntry], report: ImportReport
) -> None:
    phones = [entry.phone for entry in entries]
    query = (
        select(func.count())
        .select_from(Person)
        .where(Person.phone.is_(None) | Person.phone.not_in(phones))
    )
    unlisted = session.scalar(query) or 0
    if unlisted:
        report.warnings.append(
            f"{unlisted} people in the database are not in the file; they were "
            "left as they are"
        )
