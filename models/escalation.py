"""Escalation chains: who is nudged, and when, while an alert waits.

When an alert is given to a neighbourhood, the chain in force is copied onto
it as rows, one per step and one per reminder, so that a later change of the
configuration leaves running alerts alone. Only the next step of a chain has
a due time; firing a step gives the one after it its own. Times are UTC, and
the wait between two steps is UTC arithmetic, so a change of daylight saving
time neither skips nor repeats a step.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    func,
    select,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from bot.db import Base, utcnow
from models.alerts import Alert
from models.network import Neighbourhood, Person

AUDIENCES = ("primary", "backups", "admins", "coordinators", "admin_group")
# "taken" tells the people nudged before who took the alert on.
KINDS = ("step", "reminder", "taken")
STATES = ("pending", "fired", "cancelled")


class EscalationStep(Base):
    """One step of one alert's chain: whom to nudge, and when."""

    __tablename__ = "escalation_step"
    __table_args__ = (
        CheckConstraint(f"notify IN {(*AUDIENCES, 'nudged')!r}", "notify"),
        CheckConstraint(f"kind IN {KINDS!r}", "kind"),
        CheckConstraint(f"state IN {STATES!r}", "state"),
        Index("ix_escalation_step_due", "state", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(
        ForeignKey("alert.id", ondelete="CASCADE"), index=True
    )
    # The neighbourhood the chain runs on; None runs it on the coordinators.
    neighbourhood_id: Mapped[int | None] = mapped_column(
        ForeignKey("neighbourhood.id", ondelete="SET NULL")
    )
    # A chain copied again (the alert given to another neighbourhood) gets
    # the next number; steps are numbered from 1 within their chain.
    chain: Mapped[int] = mapped_column(default=1)
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(String(10), default="step")
    notify: Mapped[str] = mapped_column(String(20))
    # How long after this step's due time the next one falls due.
    wait_seconds: Mapped[float] = mapped_column(default=0.0)
    due_at: Mapped[dt.datetime | None]
    state: Mapped[str] = mapped_column(String(10), default="pending")
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_at: Mapped[dt.datetime | None]
    fired_at: Mapped[dt.datetime | None]
    # The people this step nudged, so they can hear who took the alert on.
    sent_to: Mapped[list[int]] = mapped_column(JSON, default=list)
    # Who acknowledged, on a "taken" row.
    taken_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL")
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    alert: Mapped[Alert] = relationship()
    neighbourhood: Mapped[Neighbourhood | None] = relationship()
    taken_by: Mapped[Person | None] = relationship()

    @property
    def wait(self) -> dt.timedelta:
        return dt.timedelta(seconds=self.wait_seconds)

    def __repr__(self) -> str:
        return f"<EscalationStep {self.alert_id}.{self.position} {self.state}>"


def chain_of(session: Session, alert: Alert) -> list[EscalationStep]:
    """Every step ever copied onto ``alert``, oldest first."""
    query = (
        select(EscalationStep)
        .where(EscalationStep.alert_id == alert.id)
        .order_by(EscalationStep.id)
    )
    return list(session.scalars(query))


def last_chain(session: Session, alert_id: int) -> int:
    """The number of the newest chain of ``alert_id``; 0 when it has none."""
    query = select(func.max(EscalationStep.chain)).where(
        EscalationStep.alert_id == alert_id
    )
    return session.scalar(query) or 0


def is_running(session: Session, alert_id: int) -> bool:
    """Whether ``alert_id`` has steps still to fire."""
    query = select(EscalationStep.id).where(
        EscalationStep.alert_id == alert_id,
        EscalationStep.state == "pending",
        EscalationStep.kind != "taken",
    )
    return session.scalars(query.limit(1)).first() is not None


def cancel_pending(session: Session, alert_id: int) -> int:
    """Cancel the steps of ``alert_id`` that have not fired; returns how many."""
    result = session.execute(
        update(EscalationStep)
        .where(
            EscalationStep.alert_id == alert_id,
            EscalationStep.state == "pending",
            EscalationStep.kind != "taken",
        )
        .values(state="cancelled")
        .returning(EscalationStep.id)
    )
    return len(result.all())


def claim_next_due(
    session: Session, now: dt.datetime, skip: set[int]
) -> EscalationStep | None:
    """Lock the step that fell due first, skipping rows others hold.

    On PostgreSQL ``FOR UPDATE SKIP LOCKED`` lets any number of workers claim
    side by side; SQLite has one writer at a time (``BEGIN IMMEDIATE``).
    """
    query = (
        select(EscalationStep)
        .where(EscalationStep.state == "pending", EscalationStep.due_at <= now)
        .order_by(EscalationStep.due_at, EscalationStep.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    if skip:
        query = query.where(EscalationStep.id.not_in(skip))

    return session.scalars(query).first()


def next_step(session: Session, step: EscalationStep) -> EscalationStep | None:
    """The pending step that follows ``step`` in its chain."""
    query = (
        select(EscalationStep)
        .where(
            EscalationStep.alert_id == step.alert_id,
            EscalationStep.chain == step.chain,
            EscalationStep.state == "pending",
            EscalationStep.position > step.position,
        )
        .order_by(EscalationStep.position)
        .limit(1)
    )
    return session.scalars(query).first()


def nudged_people(session: Session, alert: Alert) -> list[Person]:
    """Everyone a fired step of ``alert`` nudged, each once, by id."""
    query = select(EscalationStep.sent_to).where(
        EscalationStep.alert_id == alert.id,
        EscalationStep.state == "fired",
        EscalationStep.kind != "taken",
    )
    ids = {person_id for sent in session.scalars(query) for person_id in sent}
    if not ids:
        return []

    people = select(Person).where(Person.id.in_(ids)).order_by(Person.id)
    return list(session.scalars(people))
