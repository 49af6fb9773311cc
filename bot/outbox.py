"""The outbox: every outbound message is a row, written with its cause.

A handler's messages are queued in the same transaction as the change that
caused them, so a message is sent if and only if its cause was committed. A
worker claims due rows, sends them and records what happened.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    JSON,
    Index,
    String,
    Text,
    UniqueConstraint,
    case,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Mapped, Session, aliased, mapped_column

from bot.db import Base, insert_ignoring, utcnow

# The one message that still reaches an address that just opted out: the
# confirmation that it did (WhatsApp's opt-out guidance: confirm, then stop).
FAREWELL = "farewell"
# Lower numbers go first.
PRIORITY = {
    "alert": 0,
    "nudge": 0,
    "reply": 10,
    "notice": 10,
    FAREWELL: 10,
    "welcome": 20,
}
DEFAULT_PRIORITY = 10
# Twilio takes 1600 characters of WhatsApp text, but a template variable
# holds only 1024: parts that fit both can go either way.
MAX_BODY = 1024
# Kinds sent to people who may not have written in 24 hours, so they need an
# approved template; a reply answers a message that just came in.
NEEDS_TEMPLATE = ("alert", "nudge", "notice", "welcome")

# A status only moves forward; failed and undelivered end it.
RANK = {
    "pending": 0,
    "sending": 1,
    "accepted": 2,
    "queued": 2,
    "sent": 3,
    "delivered": 4,
    "read": 5,
    "failed": 6,
    "undelivered": 6,
}
FINAL = frozenset({"failed", "undelivered"})


class OutboxMessage(Base):
    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("recipient", "topic", "part"),
        Index("ix_outbox_due", "state", "priority", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(80), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    priority: Mapped[int] = mapped_column(default=DEFAULT_PRIORITY)
    topic: Mapped[str | None] = mapped_column(String(64), index=True)
    part: Mapped[int] = mapped_column(default=1)
    body: Mapped[str] = mapped_column(Text, default="")
    template_vars: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    buttons: Mapped[list[list[str]]] = mapped_column(JSON, default=list)
    use_template: Mapped[bool] = mapped_column(default=False)
    state: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[dt.datetime | None]
    sid: Mapped[str | None] = mapped_column(String(64), unique=True)
    error_code: Mapped[int | None]
    error_reason: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


@dataclass(frozen=True)
class Outgoing:
    """A message a handler wants sent; the outbox turns it into rows."""

    recipient: str
    body: str
    kind: str = "reply"
    topic: str | None = None
    template_vars: dict[str, str] | None = None
    buttons: Sequence[tuple[str, str]] = ()
    priority: int | None = None


def enqueue(
    session: Session, messages: Iterable[Outgoing], now: dt.datetime | None = None
) -> int:
    """Queue ``messages`` in one bulk insert, in the order given.

    A recipient gets a topic (such as one alert) only once: a second message
    with the same recipient and topic is skipped. Returns how many rows were
    written. ``now`` is when they fall due (default: now).
    """
    now = now or utcnow()
    rows = [row for message in messages for row in _rows(message, now)]

    return insert_ignoring(session, OutboxMessage, rows, ["recipient", "topic", "part"])


def _rows(message: Outgoing, now: dt.datetime) -> list[dict[str, Any]]:
    parts = split_long(message.body)
    priority = message.priority
    if priority is None:
        priority = PRIORITY.get(message.kind, DEFAULT_PRIORITY)

    return [
        {
            "recipient": message.recipient,
            "kind": message.kind,
            "priority": priority,
            "topic": message.topic,
            "part": number,
            "body": text,
            "template_vars": message.template_vars or {},
            "buttons": [list(b) for b in message.buttons],
            "state": "pending",
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
            "updated_at": now,
        }
        for number, text in enumerate(parts, start=1)
    ]


def split_long(body: str, limit: int = MAX_BODY) -> list[str]:
    """Split ``body`` at word boundaries into parts numbered ``(1/3)``.

    Twilio refuses a WhatsApp body over 1600 characters, and a template
    variable over 1024.
    """
    if len(body) <= limit:
        return [body]

    room = limit - len(" (99/99)")
    parts: list[str] = []
    current = ""
    for word in body.split(" "):
        while len(word) > room:
            if current:
                parts.append(current)
                current = ""
            parts.append(word[:room])
            word = word[room:]
        candidate = f"{current} {word}" if current else word
        if len(candidate) > room:
            parts.append(current)
            candidate = word
        current = candidate
    if current:
        parts.append(current)

    total = len(parts)
    return [f"{text} ({n}/{total})" for n, text in enumerate(parts, start=1)]


def claim_due(
    session: Session, limit: int, now: dt.datetime, stale_after: dt.timedelta
) -> list[OutboxMessage]:
    """Claim up to ``limit`` due rows, highest priority first.

    A row waits while an earlier row to the same recipient is still pending
    or being sent, so that one person's messages (the parts of a long text,
    a retry) arrive in the order queued, whichever worker sends them.

    A row left in ``sending`` by a worker that died is due again after
    ``stale_after``. On PostgreSQL, ``FOR UPDATE SKIP LOCKED`` lets any number
    of workers claim side by side without taking the same row.
    """
    due = or_(
        (OutboxMessage.state == "pending") & (OutboxMessage.next_attempt_at <= now),
        (OutboxMessage.state == "sending")
        & (OutboxMessage.claimed_at < now - stale_after),
    )
    earlier = aliased(OutboxMessage)
    waiting = (
        select(earlier.id)
        .where(
            earlier.recipient == OutboxMessage.recipient,
            earlier.id < OutboxMessage.id,
            earlier.state.in_(("pending", "sending")),
        )
        .exists()
    )
    query = (
        select(OutboxMessage)
        .where(due, ~waiting)
        .order_by(OutboxMessage.priority, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    rows = list(session.scalars(query))
    if rows:
        # One statement for the batch, not one per row.
        session.connection().execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_([row.id for row in rows]))
            .values(state="sending", claimed_at=now)
        )

    return rows


def mark_sent(session: Session, sids: dict[int, str]) -> None:
    """Record that the rows in ``sids`` (id to SID) were accepted for sending.

    One statement for the batch.
    """
    if not sids:
        return
    session.connection().execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(list(sids)))
        .values(
            state="queued",
            attempts=OutboxMessage.attempts + 1,
            sid=case(sids, value=OutboxMessage.id),
            updated_at=utcnow(),
        )
    )


def apply_status(
    session: Session, sid: str, status: str, error_code: int | None = None
) -> tuple[OutboxMessage | None, bool]:
    """Move the row sent as ``sid`` forward to ``status``; never backwards.

    Returns the row (None when the SID is unknown) and whether it moved.
    """
    row = session.scalars(
        select(OutboxMessage).where(OutboxMessage.sid == sid).with_for_update()
    ).one_or_none()
    if row is None or status not in RANK:
        return row, False
    if row.state in FINAL or RANK[status] <= RANK[row.state]:
        return row, False
    if status in FINAL and row.state in ("delivered", "read"):
        return row, False  # it arrived; a late failure report changes nothing

    row.state = status
    if error_code is not None:
        row.error_code = error_code

    return row, True


def counts_by_state(session: Session, topic: str) -> dict[str, int]:
    """How many rows of ``topic`` are in each state (first parts only)."""
    query = (
        select(OutboxMessage.state, func.count())
        .where(OutboxMessage.topic == topic, OutboxMessage.part == 1)
        .group_by(OutboxMessage.state)
    )
    return {state: count for state, count in session.execute(query)}


def by_ids(session: Session, ids: list[int]) -> dict[int, OutboxMessage]:
    query = select(OutboxMessage).where(OutboxMessage.id.in_(ids))
    return {row.id: row for row in session.scalars(query)}
