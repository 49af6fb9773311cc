"""The audit trail: who did what to which alert or person, and when.

An entry outlives the people in it. When a person is erased, the database
sets ``actor_id`` and ``subject_person_id`` to NULL; ``actor_role`` and the
action stay as an anonymous trace. Never put names, phone numbers or message
bodies in ``detail``: an erased person must not be findable there.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from bot.db import Base, utcnow
from models.network import Person


class AuditEntry(Base):
    """One thing that happened, such as ``"alert.forward"`` or ``"member.approve"``.

    ``actor_role`` is the actor's role at the time, or ``"system"`` when the
    bot acted on its own (an import, a nudge).
    """

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    actor_role: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(60))
    # The alert table comes later; a foreign key follows it.
    alert_id: Mapped[int | None] = mapped_column(index=True)
    subject_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    actor: Mapped[Person | None] = relationship(foreign_keys=[actor_id])
    subject: Mapped[Person | None] = relationship(foreign_keys=[subject_person_id])

    def __repr__(self) -> str:
        return f"<AuditEntry {self.id} {self.action!r}>"


def record(
    session: Session,
    actor: Person | None,
    action: str,
    *,
    alert_id: int | None = None,
    subject: Person | None = None,
    **detail: Any,
) -> AuditEntry:
    """Add an audit entry for ``actor`` (None: the system) doing ``action``.

    ``alert_id`` and ``subject`` are kept as columns; every other keyword
    goes into ``detail`` and must be JSON-serialisable.
    """
    entry = AuditEntry(
        actor=actor,
        actor_role=actor.role if actor is not None else "system",
        action=action,
        alert_id=alert_id,
        subject=subject,
        detail=detail,
    )
    session.add(entry)

    return entry
