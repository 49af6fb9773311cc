"""What the framework remembers of each WhatsApp address.

WhatsApp lets a business send free text only within 24 hours of the
person's last message to it; outside that window a template is needed.
An opted-out address (STOP, or Twilio error 21610) gets nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from sqlalchemy import String, bindparam, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from bot.db import Base, insert_ignoring, utcnow

WINDOW = dt.timedelta(hours=24)


class Contact(Base):
    __tablename__ = "contacts"

    address: Mapped[str] = mapped_column(String(80), primary_key=True)
    last_inbound_at: Mapped[dt.datetime | None]
    opted_out_at: Mapped[dt.datetime | None]


def touch(session: Session, address: str, now: dt.datetime) -> None:
    """Record an inbound message from ``address`` at ``now`` (one upsert)."""
    statement = _touch_statement(session.get_bind().dialect.name)
    session.connection().execute(statement, {"address": address, "at": now})


@functools.cache
def _touch_statement(dialect: str) -> Any:
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(Contact).values(
        address=bindparam("address"), last_inbound_at=bindparam("at")
    )

    return statement.on_conflict_do_update(
        index_elements=["address"],
        set_={"last_inbound_at": statement.excluded.last_inbound_at},
    )


def in_window(contact: Contact | None, now: dt.datetime) -> bool:
    last = contact.last_inbound_at if contact else None
    return last is not None and now - last < WINDOW


def get(session: Session, address: str) -> Contact | None:
    return session.get(Contact, address)


def get_many(session: Session, addresses: list[str]) -> dict[str, Contact]:
    """The contacts known for ``addresses``, by address (one query)."""
    query = select(Contact).where(Contact.address.in_(set(addresses)))

    return {contact.address: contact for contact in session.scalars(query)}


def set_opted_out(session: Session, address: str, opted_out: bool) -> None:
    """Mark ``address`` as opted out (or back in)."""
    insert_ignoring(session, Contact, [{"address": address}], ["address"])
    value = utcnow() if opted_out else None
    session.execute(
        update(Contact).where(Contact.address == address).values(opted_out_at=value)
    )


def opted_out(session: Session, addresses: list[str]) -> set[str]:
    query = select(Contact.address).where(
        Contact.address.in_(addresses), Contact.opted_out_at.is_not(None)
    )
    return set(session.scalars(query))
