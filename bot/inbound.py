"""Inbound messages, stored before anything else happens.

The MessageSid is unique: a second delivery of the same message by Twilio
finds the row and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, Session, mapped_column

from bot.db import Base, insert_ignoring, utcnow


class InboundMessage(Base):
    __tablename__ = "inbound_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_sid: Mapped[str] = mapped_column(String(64), unique=True)
    sender: Mapped[str] = mapped_column(String(80), index=True)
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    state: Mapped[str] = mapped_column(String(16), default="received")
    error_ref: Mapped[str | None] = mapped_column(String(16))
    form: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


def store(
    session: Session,
    sid: str,
    sender: str,
    form: dict[str, str],
    state: str = "handled",
    error_ref: str | None = None,
) -> bool:
    """Store a message; False when its MessageSid was stored before.

    The row is written in the handler's own transaction, so ``handled`` is
    true exactly when that transaction commits.
    """
    row = {
        "message_sid": sid,
        "sender": sender,
        "received_at": utcnow(),
        "state": state,
        "error_ref": error_ref,
        "form": form,
    }

    return insert_ignoring(session, InboundMessage, [row], ["message_sid"]) == 1
