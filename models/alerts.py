"""Alerts (meldingen) and their timelines.

An alert is numbered for people by its id (``#17``). Every step that
happens to it is an :class:`AlertEvent`, so its timeline can be shown. Each
neighbourhood it was suggested, forwarded or escalated to is an
:class:`AlertTarget`; a target without a neighbourhood is the admin group.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
    exists,
    or_,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from bot.db import Base, utcnow
from models.network import Neighbourhood, Person

SOURCES = ("police", "admin", "resident")
STATES = ("open", "acknowledged", "closed")
# Why an alert went somewhere: a police alert's suggested neighbourhood, an
# admin's own alert, a forward, an escalation, a resident's report, or the
# admin group.
REASONS = ("suggested", "home", "forwarded", "escalated", "report", "admins")


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
    targets: Mapped[list[AlertTarget]] = relationship(
        back_populates="alert", order_by="AlertTarget.id", cascade="all, delete-orphan"
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

    @property
    def is_closed(self) -> bool:
        return self.state == "closed"

    @property
    def neighbourhood_ids(self) -> set[int]:
        """Every neighbourhood this alert concerns: its own and its targets."""
        # Relationships, not foreign-key columns: those are set at flush.
        places = [target.neighbourhood for target in self.targets]
        ids = {place.id for place in places if place is not None}
        if self.neighbourhood is not None:
            ids.add(self.neighbourhood.id)

        return ids

    @property
    def went_to_admin_group(self) -> bool:
        return any(target.neighbourhood is None for target in self.targets)

    def target(self, neighbourhood: Neighbourhood | None) -> AlertTarget | None:
        """The target for ``neighbourhood`` (None: the admin group), if any."""
        for target in self.targets:
            if target.neighbourhood is neighbourhood:
                return target

        return None

    def add_target(
        self,
        neighbourhood: Neighbourhood | None,
        reason: str,
        by: Person | None,
        at: dt.datetime,
        delivered: bool = True,
    ) -> bool:
        """Record that the alert went to ``neighbourhood``; True when new.

        A suggested neighbourhood that later gets the alert is marked
        delivered, keeping its first reason.
        """
        found = self.target(neighbourhood)
        if found is not None:
            newly = delivered and not found.delivered
            found.delivered = found.delivered or delivered
            return newly

        self.targets.append(
            AlertTarget(
                neighbourhood=neighbourhood,
                reason=reason,
                delivered=delivered,
                by_id=by.id if by else None,
                at=at,
            )
        )
        return True

    def acknowledge(self, person: Person, at: dt.datetime) -> None:
        """``person`` takes the alert on."""
        self.state = "acknowledged"
        self.acknowledged_by = person
        self.acknowledged_at = at

    def close(self, at: dt.datetime) -> None:
        self.state = "closed"
        self.closed_at = at


class AlertTarget(Base):
    """A neighbourhood an alert was given to; no neighbourhood: the admin group.

    ``delivered`` is false for a suggestion that has not been sent on yet.
    """

    __tablename__ = "alert_target"
    __table_args__ = (
        UniqueConstraint("alert_id", "neighbourhood_id"),
        CheckConstraint(f"reason IN {REASONS!r}", "reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(
        ForeignKey("alert.id", ondelete="CASCADE"), index=True
    )
    neighbourhood_id: Mapped[int | None] = mapped_column(
        ForeignKey("neighbourhood.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str] = mapped_column(String(12))
    delivered: Mapped[bool] = mapped_column(default=True)
    by_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL")
    )
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    alert: Mapped[Alert] = relationship(back_populates="targets")
    neighbourhood: Mapped[Neighbourhood | None] = relationship()


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


def alerts_concerning(
    session: Session, person: Person, states: tuple[str, ...] = ("open",)
) -> list[Alert]:
    """Alerts in ``states`` that concern ``person``, newest first.

    A coordinator is concerned by every alert; an admin by the alerts of, or
    given to, their own neighbourhood.
    """
    query = select(Alert).where(Alert.state.in_(states)).order_by(Alert.id.desc())
    if person.role != "coordinator":
        home = person.neighbourhood_id
        given = exists().where(
            AlertTarget.alert_id == Alert.id, AlertTarget.neighbourhood_id == home
        )
        query = query.where(or_(Alert.neighbourhood_id == home, given))

    return list(session.scalars(query))
