"""Rows the benchmarks start from, written in bulk."""

from __future__ import annotations

from sqlalchemy import delete, insert

from bot.contacts import Contact
from bot.db import Database, utcnow
from bot.outbox import OutboxMessage
from models.network import Neighbourhood, Person, Town

CHUNK = 5000


def members(db: Database, addresses: list[str]) -> None:
    """One town, one neighbourhood, and an active member per address."""
    now = utcnow()
    with db.transaction() as session:
        town = Town(name="Katwijk")
        area = Neighbourhood(slug="bench", name="Bench", town=town, postcodes=["2225"])
        session.add_all([town, area])
        session.flush()
        rows = [
            {
                "name": f"Buur {number}",
                "phone": address.removeprefix("whatsapp:"),
                "whatsapp_address": address,
                "role": "member",
                "neighbourhood_id": area.id,
                "status": "active",
                "created_at": now,
                "updated_at": now,
            }
            for number, address in enumerate(addresses)
        ]
        for start in range(0, len(rows), CHUNK):
            session.execute(insert(Person), rows[start : start + CHUNK])


def in_window(db: Database, addresses: list[str]) -> None:
    """Each address wrote to the bot just now, so free text may go to it."""
    now = utcnow()
    rows = [{"address": a, "last_inbound_at": now} for a in addresses]
    with db.transaction() as session:
        for start in range(0, len(rows), CHUNK):
            session.execute(insert(Contact), rows[start : start + CHUNK])


def empty_outbox(db: Database) -> None:
    with db.transaction() as session:
        session.execute(delete(OutboxMessage))
