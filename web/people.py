"""The people of the network, as the simulator lists them."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from models.network import Neighbourhood, Person

ROLE_LABELS = {
    "police": "meldkamer",
    "coordinator": "coördinator",
    "primary": "hoofdbeheerder",
    "backup": "mede-beheerder",
    "member": "deelnemer",
}
STATUS_LABELS = {"pending": "aangemeld", "invited": "uitgenodigd", "left": "vertrokken"}
_ROLE_ORDER = case(
    (Person.role == "police", 0),
    (Person.role == "coordinator", 1),
    (Person.role == "primary", 2),
    (Person.role == "backup", 3),
    else_=4,
)


@dataclass
class Entry:
    address: str
    name: str
    role: str
    group: str
    status: str = ""

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def everyone(session: Session) -> list[Entry]:
    """The control room and coordinators first, then each neighbourhood."""
    query = (
        select(Person, Neighbourhood.name)
        .outerjoin(Neighbourhood, Person.neighbourhood_id == Neighbourhood.id)
        .order_by(Neighbourhood.name.nulls_first(), _ROLE_ORDER, Person.name)
    )

    return [_entry(person, area) for person, area in session.execute(query)]


def grouped(entries: list[Entry]) -> list[tuple[str, list[Entry]]]:
    """The entries by group, in the order :func:`everyone` gives them."""
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(entry.group, []).append(entry)

    return list(groups.items())


def _entry(person: Person, area: str | None) -> Entry:
    return Entry(
        address=person.whatsapp_address,
        name=person.name,
        role=ROLE_LABELS.get(person.role, person.role),
        group=area or "Gemeente",
        status=STATUS_LABELS.get(person.status, ""),
    )
