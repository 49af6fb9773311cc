"""Checks on a network file's people, before anything is written."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from models.errors import InvalidValue
from models.network import ADMIN_ROLES, NEIGHBOURHOOD_ROLES, ROLES
from models.network_checks import (
    NeighbourhoodEntry,
    Problems,
    label,
    text_field,
    unknown_fields,
)
from models.phones import normalize_phone
from models.postcodes import (
    house_number_in_address,
    longest_prefix,
    postcode_in_address,
)

# The network's rule: who answers for a neighbourhood is at least 17 this year.
MINIMUM_ADMIN_AGE = 17

PERSON_FIELDS = {"name", "phone", "role", "neighbourhood", "address", "born"}


@dataclass
class PersonEntry:
    label: str
    name: str
    phone: str
    role: str
    neighbourhood: str | None
    address: str | None
    postcode: str | None
    house_number: str | None
    born: int | None

    @property
    def is_admin(self) -> bool:
        return self.role in ADMIN_ROLES


def check_people(
    tables: list[dict[str, Any]],
    neighbourhoods: dict[str, NeighbourhoodEntry],
    today: dt.date,
    problems: Problems,
) -> list[PersonEntry]:
    """The people, each checked alone and then against each other."""
    entries: list[PersonEntry] = []
    for number, table in enumerate(tables, start=1):
        name = label("person", number, table, "name")
        unknown_fields(name, table, PERSON_FIELDS, problems)
        entries.append(_person(name, table, neighbourhoods, today, problems))

    _check_unique_phones(entries, problems)
    _check_one_primary(entries, problems)
    _check_admins_present(entries, neighbourhoods, problems)

    return entries


def _person(
    name: str,
    table: dict[str, Any],
    neighbourhoods: dict[str, NeighbourhoodEntry],
    today: dt.date,
    problems: Problems,
) -> PersonEntry:
    full_name = text_field(table, "name")
    if full_name is None:
        problems.errors.append(f"{name}: name is missing")

    phone = _phone(name, table.get("phone"), problems)
    role = _role(name, table, neighbourhoods, problems)
    address = text_field(table, "address")
    entry = PersonEntry(
        label=name,
        name=full_name or "",
        phone=phone or "",
        role=role or "",
        neighbourhood=text_field(table, "neighbourhood"),
        address=address,
        postcode=postcode_in_address(address) if address else None,
        house_number=house_number_in_address(address) if address else None,
        born=table.get("born"),
    )
    if role is not None:
        _check_born(entry, today, problems)
        _check_postcode(entry, neighbourhoods, problems)

    return entry


def _phone(name: str, value: Any, problems: Problems) -> str | None:
    if value is None or not str(value).strip():
        problems.errors.append(f"{name}: phone is missing")
        return None

    try:
        return normalize_phone(str(value))
    except InvalidValue as err:
        problems.errors.append(f"{name}: phone {err}")
        return None


def _role(
    name: str,
    table: dict[str, Any],
    neighbourhoods: dict[str, NeighbourhoodEntry],
    problems: Problems,
) -> str | None:
    role, slug = table.get("role"), text_field(table, "neighbourhood")
    if role not in ROLES:
        choices = ", ".join(f'"{choice}"' for choice in ROLES)
        problems.errors.append(f'{name}: role "{role}" must be one of {choices}')
        return None

    if role in NEIGHBOURHOOD_ROLES and slug is None:
        problems.errors.append(f'{name}: neighbourhood is missing for a "{role}"')
    elif role not in NEIGHBOURHOOD_ROLES and slug is not None:
        problems.errors.append(
            f'{name}: neighbourhood "{slug}" is given, but a "{role}" belongs to '
            "no neighbourhood"
        )
    elif slug is not None and slug not in neighbourhoods:
        problems.errors.append(
            f'{name}: neighbourhood "{slug}" is not a listed neighbourhood'
        )

    return role


def _check_born(entry: PersonEntry, today: dt.date, problems: Problems) -> None:
    born = entry.born
    if born is not None and (not isinstance(born, int) or isinstance(born, bool)):
        problems.errors.append(f'{entry.label}: born "{born}" is not a year')
    elif not entry.is_admin:
        if born is not None:
            problems.warnings.append(
                f"{entry.label}: born is kept for admins only and is ignored"
            )
        entry.born = None
    elif born is None:
        problems.errors.append(
            f"{entry.label}: born is missing; an admin must be at least "
            f"{MINIMUM_ADMIN_AGE}, so the year of birth is needed"
        )
    elif today.year - born < MINIMUM_ADMIN_AGE:
        problems.errors.append(
            f"{entry.label}: born {born} makes them {today.year - born} in "
            f"{today.year}; an admin must be at least {MINIMUM_ADMIN_AGE}"
        )


def _check_postcode(
    entry: PersonEntry,
    neighbourhoods: dict[str, NeighbourhoodEntry],
    problems: Problems,
) -> None:
    home = neighbourhoods.get(entry.neighbourhood or "")
    if entry.address is None or home is None:
        return

    if entry.postcode is None:
        problems.warnings.append(
            f'{entry.label}: address "{entry.address}" holds no postcode'
        )
    elif longest_prefix(entry.postcode, home.postcodes) is None:
        message = (
            f'{entry.label}: address postcode "{entry.postcode}" lies outside '
            f'neighbourhood "{home.slug}" ({", ".join(home.postcodes)})'
        )
        if entry.is_admin:
            problems.errors.append(f"{message}; an admin lives in their neighbourhood")
        else:
            problems.warnings.append(message)


def _check_unique_phones(entries: list[PersonEntry], problems: Problems) -> None:
    seen: dict[str, PersonEntry] = {}
    for entry in filter(lambda entry: entry.phone, entries):
        first = seen.setdefault(entry.phone, entry)
        if first is not entry:
            problems.errors.append(
                f'{entry.label}: phone "{entry.phone}" is already used by {first.label}'
            )


def _check_one_primary(entries: list[PersonEntry], problems: Problems) -> None:
    primaries: dict[str, PersonEntry] = {}
    for entry in entries:
        if entry.role != "primary" or entry.neighbourhood is None:
            continue

        first = primaries.setdefault(entry.neighbourhood, entry)
        if first is not entry:
            problems.errors.append(
                f'{entry.label}: role "primary" for neighbourhood '
                f'"{entry.neighbourhood}", which already has {first.label} as primary'
            )


def _check_admins_present(
    entries: list[PersonEntry],
    neighbourhoods: dict[str, NeighbourhoodEntry],
    problems: Problems,
) -> None:
    served = {entry.neighbourhood for entry in entries if entry.is_admin}
    for slug in neighbourhoods:
        if slug not in served:
            problems.warnings.append(
                f'neighbourhood "{slug}": no primary or backup admin is listed, so '
                "nobody answers for it"
            )
