"""Alerts (meldingen) and their timelines.

An alert is numbered for people by its id (``#17``). Every step that
happens to it is an :class:`AlertEvent`, so its timeline can be shown.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from bot.db import Base, utcnow
from models.network import Neighbourhood, Person

SOURCES = ("police", "admin", "resident")
STATES = ("open", "acknowledged", "closed")


class Alert(Base):
    __tablename__ = "alert"
    __table_args__ = (
        CheckConstraint(f"source IN {SOURCES!r}", "source"),
        CheckConstraint(f"state IN {STATES!r}", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text, default="")
    media: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    location_label: Mapped[str | None] = mapped_column(String(200))
    postcode: Mapped[str | None] = mapped_column(String(6))
    neighbourhood_id: Mapped[int | None] = mapped_column(
        ForeignKey("neighbourhood.id", ondelete="SET NULL"), index=True
    )
    state: Mapped[str] = mapped_column(String(12), default="open", index=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL")
    )
    acknowledged_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL")
    )
    acknowledged_at: Mapped[dt.datetime | None]
    closed_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    neighbourhood: Mapped[Neighbourhood | None] = relationship()
    created_by: Mapped[Person | None] = relationship(foreign_keys=[created_by_id])
    acknowledged_by: Mapped[Person | None] = relationship(
        foreign_keys=[acknowledged_by_id]
    )
    events: Mapped[list[AlertEvent]] = relationship(
        back_populates="alert", order_by="AlertEvent.id", cascade="all, delete-orphan"
    )

    @property
    def number(self) -> str:
        return f"#{self.id}"

    @property
    def topic(self) -> str:
        """The outbox topic of this alert: nobody receives it twice."""
        return f"alert:{self.id}"

    def record(
        self,
        kind: str,
        actor: Person | None = None,
        at: dt.datetime | None = None,
        **detail: Any,
    ) -> AlertEvent:
        """Add a step to the timeline."""
        event = AlertEvent(
            kind=kind,
            actor_id=actor.id if actor else None,
            detail=detail,
            at=at or utcnow(),
        )
        self.events.append(event)

        return event


class AlertEvent(Base):
    """One step on an alert's timeline: received, forwarded, acknowledged..."""

    __tablename__ = "alert_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(
        ForeignKey("alert.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL")
    )
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    alert: Mapped[Alert] = relationship(back_populates="events")
    actor: Mapped[Person | None] = relationship()


def get_alert(session: Session, number: int) -> Alert | None:
    return session.get(Alert, number)


def open_alerts(session: Session) -> list[Alert]:
    query = select(Alert).where(Alert.state != "closed").order_by(Alert.id)
    return list(session.scalars(query))
