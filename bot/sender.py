"""Who sent an update: the roles and language the application gives them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sender:
    """Who sent an update, as the application's resolver sees them."""

    address: str
    roles: frozenset[str] = frozenset({"stranger"})
    language: str | None = None
    person_id: int | None = None
    name: str = ""
