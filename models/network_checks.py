"""Checks on a network file's entries, before anything is written.

Each check turns the raw TOML tables into plain entries and adds one line
per problem to ``errors`` or ``warnings``. A line names the entry as the file
shows it (``person 4 ("Joke van der Plas")``), the field, and the value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from models.errors import InvalidValue
from models.network import DELIVERIES
from models.postcodes import normalize_prefix

KERN_FIELDS = {"name"}
NEIGHBOURHOOD_FIELDS = {"slug", "name", "kern", "postcodes", "neighbours", "delivery"}


@dataclass
class Problems:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class NeighbourhoodEntry:
    slug: str
    name: str
    kern: str
    postcodes: list[str]
    neighbours: set[str]
    delivery: str


def label(kind: str, number: int, entry: dict[str, Any], key: str) -> str:
    """How a message names an entry: ``person 4 ("Joke van der Plas")``."""
    name = entry.get(key)
    if isinstance(name, str) and name.strip():
        return f'{kind} {number} ("{name.strip()}")'

    return f"{kind} {number}"


def text_field(entry: dict[str, Any], key: str) -> str | None:
    value = entry.get(key)
    if isinstance(value, str) and value.strip():
        return value.strip()

    return None


def unknown_fields(
    name: str, entry: dict[str, Any], known: set[str], problems: Problems
) -> None:
    for key in sorted(set(entry) - known):
        problems.warnings.append(f'{name}: unknown field "{key}" is ignored')


def check_kernen(tables: list[dict[str, Any]], problems: Problems) -> list[str]:
    """The town names, each once."""
    names: list[str] = []
    for number, entry in enumerate(tables, start=1):
        name = label("kern", number, entry, "name")
        unknown_fields(name, entry, KERN_FIELDS, problems)
        town = text_field(entry, "name")
        if town is None:
            problems.errors.append(f"{name}: name is missing")
        elif town in names:
            problems.errors.append(f'{name}: kern "{town}" is listed twice')
        else:
            names.append(town)

    return names


def check_neighbourhoods(
    tables: list[dict[str, Any]], kernen: list[str], problems: Problems
) -> dict[str, NeighbourhoodEntry]:
    """The neighbourhoods by slug, with neighbours made symmetric."""
    entries: dict[str, NeighbourhoodEntry] = {}
    for number, table in enumerate(tables, start=1):
        name = label("neighbourhood", number, table, "slug")
        unknown_fields(name, table, NEIGHBOURHOOD_FIELDS, problems)
        entry = _neighbourhood(name, table, kernen, problems)
        if entry is None:
            continue
        if entry.slug in entries:
            problems.errors.append(f'{name}: slug "{entry.slug}" is listed twice')
            continue

        entries[entry.slug] = entry

    _check_neighbours(tables, entries, problems)
    _check_prefixes_unique(entries, problems)

    return entries


def _neighbourhood(
    name: str, table: dict[str, Any], kernen: list[str], problems: Problems
) -> NeighbourhoodEntry | None:
    before = len(problems.errors)
    slug, title, kern = (
        text_field(table, "slug"),
        text_field(table, "name"),
        text_field(table, "kern"),
    )
    for key, value in (("slug", slug), ("name", title), ("kern", kern)):
        if value is None:
            problems.errors.append(f"{name}: {key} is missing")

    if kern is not None and kern not in kernen:
        problems.errors.append(f'{name}: kern "{kern}" is not a listed kern')

    delivery = table.get("delivery", "members")
    if delivery not in DELIVERIES:
        problems.errors.append(
            f'{name}: delivery "{delivery}" must be "members" or "admins"'
        )

    postcodes = _prefixes(name, table.get("postcodes"), problems)
    neighbours = table.get("neighbours", [])
    if not isinstance(neighbours, list) or not all(
        isinstance(slug, str) for slug in neighbours
    ):
        problems.errors.append(f"{name}: neighbours must be a list of slugs")
        neighbours = []

    if len(problems.errors) > before or slug is None or title is None or kern is None:
        return None

    return NeighbourhoodEntry(slug, title, kern, postcodes, set(neighbours), delivery)


def _prefixes(name: str, value: Any, problems: Problems) -> list[str]:
    if not isinstance(value, list) or not value:
        problems.errors.append(f"{name}: postcodes must list at least one prefix")
        return []

    prefixes: list[str] = []
    for raw in value:
        try:
            prefixes.append(normalize_prefix(str(raw)))
        except InvalidValue as err:
            problems.errors.append(f"{name}: postcodes {err}")

    return prefixes


def _check_neighbours(
    tables: list[dict[str, Any]],
    entries: dict[str, NeighbourhoodEntry],
    problems: Problems,
) -> None:
    for number, table in enumerate(tables, start=1):
        name = label("neighbourhood", number, table, "slug")
        entry = entries.get(str(table.get("slug", "")).strip())
        listed = table.get("neighbours", [])
        for slug in listed if isinstance(listed, list) else []:
            if slug not in entries:
                problems.errors.append(
                    f'{name}: neighbours "{slug}" is not a listed neighbourhood'
                )
            elif entry is not None and slug == entry.slug:
                problems.errors.append(f'{name}: neighbours "{slug}" is itself')
            elif entry is not None:
                entries[slug].neighbours.add(entry.slug)

    for entry in entries.values():
        entry.neighbours &= set(entries) - {entry.slug}


def _check_prefixes_unique(
    entries: dict[str, NeighbourhoodEntry], problems: Problems
) -> None:
    owners: dict[str, str] = {}
    for entry in entries.values():
        for prefix in entry.postcodes:
            owner = owners.setdefault(prefix, entry.slug)
            if owner != entry.slug:
                problems.errors.append(
                    f'neighbourhood "{entry.slug}": postcodes "{prefix}" is already '
                    f'used by "{owner}"'
                )
