"""Numbers of the Katwijk demo network and steps the membership tests share."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from models.network import Person

NEWCOMER = "+31687654321"
USERNAME = "whatsapp:NL.1502576394655843"
JOKE = "+31612341001"  # primary admin, Hoornes
PIETER = "+31612341002"  # backup admin, Hoornes
SANNE = "+31612341003"  # backup admin, Hoornes
KEES = "+31612341011"  # member, Hoornes
GERRIT = "+31612342001"  # primary admin, Katwijk aan Zee Centrum
BRAM = "+31612342011"  # member, Katwijk aan Zee Centrum
ANJA = "+31612340001"  # coordinator
HOORNES_ADMINS = (JOKE, PIETER, SANNE)


def join_by_whatsapp(
    whatsapp, sender=NEWCOMER, name="Nina Zeeman", address="Zeeweg 12, 2224 AB"
) -> str:
    """Walk through the whole conversation; returns the approval code."""
    for text in ("aanmelden", name, address, "ja", "akkoord"):
        whatsapp.send(sender, text)

    return code_in(whatsapp.last(sender))


def code_in(message: str) -> str:
    found = re.search(r"\b([A-Z0-9]{4})\b", message.split("code", 1)[-1])
    assert found, message
    return found[1]


def person(bot, address: str) -> Person | None:
    if not address.startswith("whatsapp:"):
        address = f"whatsapp:{address}"
    with bot.db.transaction() as session:
        query = (
            select(Person)
            .where(Person.whatsapp_address == address)
            .options(joinedload(Person.neighbourhood))
        )
        return session.scalar(query)
