"""Where a conversation stands, kept in the database so it survives restarts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from bot.db import Base, utcnow


class ConversationState(Base):
    __tablename__ = "conversations"

    address: Mapped[str] = mapped_column(String(80), primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    language: Mapped[str | None] = mapped_column(String(8))
    expires_at: Mapped[dt.datetime] = mapped_column(index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


def current(
    session: Session, address: str, now: dt.datetime
) -> ConversationState | None:
    """The conversation ``address`` is in, unless it has expired."""
    row = session.get(ConversationState, address)
    if row is None or row.expires_at <= now:
        return None

    return row


def expired(
    session: Session, now: dt.datetime, limit: int = 200
) -> list[ConversationState]:
    query = (
        select(ConversationState)
        .where(ConversationState.expires_at <= now)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list(session.scalars(query))


def end(session: Session, address: str) -> None:
    session.execute(
        delete(ConversationState).where(ConversationState.address == address)
    )
