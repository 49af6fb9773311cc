"""Fan-out: who receives an alert, and the message each of them reads.

A :class:`Desk` queues messages to people of the network in their own
language, from the webhook (a handler's context), the police API or a
periodic job alike. Messages are made of :class:`Phrase` parts, each a text
key rendered per language; plain strings pass through as they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Union, cast

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from bot import outbox
from bot.outbox import Outgoing
from bot.update import Update
from models.alerts import Alert
from models.network import Neighbourhood, Person, admins_of, members_of

if TYPE_CHECKING:
    from bot.app import BotApp
    from bot.context import Context


@dataclass(frozen=True)
class Phrase:
    """A sentence by key, with values; a value may be a Phrase itself."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)


Part = Union[Phrase, str]  # noqa: UP007  (a runtime alias on Python 3.11)


def phrase(key: str, **values: Any) -> Phrase:
    return Phrase(key, values)


@dataclass
class Desk:
    """Where alert work happens: the bot, one session, and the time now."""

    bot: BotApp
    session: Session
    now: dt.datetime

    @classmethod
    def of(cls, where: Context | Desk) -> Desk:
        """A desk for a handler's context (or the desk itself)."""
        if isinstance(where, Desk):
            return where

        return cls(cast("BotApp", where.bot), where.session, where.now)

    def render(self, parts: Sequence[Part], language: str | None) -> str:
        """The message made of ``parts``, one line each, in ``language``."""
        language = language or self.bot.config.bot.language

        return "\n".join(self._render(part, language) for part in parts)

    def _render(self, part: Part, language: str) -> str:
        if isinstance(part, str):
            return part
        values = {
            name: self._render(value, language) if isinstance(value, Phrase) else value
            for name, value in part.values.items()
        }

        return self.bot.texts.get(part.key, language, **values)

    def send(
        self,
        people: Iterable[Person],
        parts: Sequence[Part],
        *,
        kind: str,
        topic: str | None = None,
    ) -> int:
        """Queue the message to each person, in order; returns how many.

        With a ``topic`` nobody gets it twice, across calls too.
        """
        messages = [
            Outgoing(
                person.whatsapp_address,
                self.render(parts, person.language),
                kind=kind,
                topic=topic,
            )
            for person in people
        ]

        return outbox.enqueue(self.session, messages, self.now)


def admin_group(session: Session) -> list[Person]:
    """The admin group: every active admin (primaries first), then coordinators."""
    order = case((Person.role == "primary", 0), (Person.role == "backup", 1), else_=2)
    query = (
        select(Person)
        .where(
            Person.status == "active",
            Person.role.in_(("primary", "backup", "coordinator")),
        )
        .order_by(order, Person.id)
    )

    return list(session.scalars(query))


def received(session: Session, alert: Alert, person: Person) -> bool:
    """Whether ``person`` was sent ``alert`` (its topic is in their outbox)."""
    query = select(outbox.OutboxMessage.id).where(
        outbox.OutboxMessage.topic == alert.topic,
        outbox.OutboxMessage.recipient == person.whatsapp_address,
    )

    return session.scalar(query.limit(1)) is not None


def alert_parts(alert: Alert, *extra: Part) -> list[Part]:
    """The alert as people read it: headline, text, photo, place, then ``extra``."""
    parts: list[Part] = [_headline(alert)]
    if alert.text:
        parts.append(alert.text)
    if alert.media:
        parts.append(phrase("alerts.photo", count=len(alert.media)))
    place = _place(alert)
    if place:
        parts.append(phrase("alerts.location", place=place))

    return [*parts, *extra]


def _headline(alert: Alert) -> Phrase:
    home = alert.neighbourhood.name if alert.neighbourhood else ""
    if alert.source == "police":
        return phrase("alerts.headline.police", number=alert.number)
    if alert.source == "admin":
        return phrase("alerts.headline.admin", number=alert.number, neighbourhood=home)
    name = alert.created_by.first_name if alert.created_by else ""

    return phrase(
        "alerts.headline.resident", number=alert.number, name=name, neighbourhood=home
    )


def _place(alert: Alert) -> str:
    if alert.location_label:
        return alert.location_label
    if alert.latitude is None or alert.longitude is None:
        return ""

    return f"{alert.latitude:.5f}, {alert.longitude:.5f}"


def deliver(
    desk: Desk,
    alert: Alert,
    neighbourhoods: Sequence[Neighbourhood],
    reason: str,
    actor: Person | None,
    exclude: Sequence[Person] = (),
    up: Part | None = None,
) -> int:
    """Send ``alert`` into each neighbourhood; returns how many were queued.

    Mode ``members``: its admins, then its members. Mode ``admins``: only
    its admins, with a line saying it is ready to relay into their own group.
    Every neighbourhood's admins come first; then, when ``up`` is given, the
    admin group with the note ``up``; then the members. Whoever raised the
    alert does not get it back.
    """
    for neighbourhood in neighbourhoods:
        alert.add_target(neighbourhood, reason, actor, desk.now)
    skip = {person.id for person in exclude} | {alert.created_by_id}
    count = 0
    for neighbourhood in neighbourhoods:
        admins = [p for p in admins_of(neighbourhood) if p.id not in skip]
        hint = _admin_hint(alert, neighbourhood)
        count += desk.send(admins, alert_parts(alert, hint), **_as_alert(alert))
    if up is not None:
        count += send_up(desk, alert, actor, [up])

    for neighbourhood in neighbourhoods:
        if neighbourhood.delivery == "members":
            members = [p for p in members_of(neighbourhood) if p.id not in skip]
            count += desk.send(members, alert_parts(alert), **_as_alert(alert))

    return count


def _admin_hint(alert: Alert, neighbourhood: Neighbourhood) -> Phrase:
    if neighbourhood.delivery == "admins":
        return phrase("alerts.relay", id=alert.id)

    return phrase("alerts.admin_hint", id=alert.id)


def _as_alert(alert: Alert) -> dict[str, Any]:
    return {"kind": "alert", "topic": alert.topic}


def send_up(
    desk: Desk,
    alert: Alert,
    actor: Person | None,
    notes: Sequence[Part] = (),
    first: Sequence[Person] = (),
    first_notes: Sequence[Part] = (),
) -> int:
    """Send ``alert`` to the admin group; returns how many were queued.

    ``first`` (such as the admins of a suggested neighbourhood) get it before
    the rest, with ``first_notes`` after ``notes``. Whoever raised the alert
    does not get it back.
    """
    alert.add_target(None, "admins", actor, desk.now)
    count = 0
    if first:
        parts = alert_parts(alert, *notes, *first_notes)
        count += desk.send(first, parts, **_as_alert(alert))

    group = [p for p in admin_group(desk.session) if p.id != alert.created_by_id]
    return count + desk.send(group, alert_parts(alert, *notes), **_as_alert(alert))


def attach(alert: Alert, update: Update) -> None:
    """Carry the update's photos and shared location over to ``alert``."""
    alert.media = [
        {"url": media.url, "content_type": media.content_type} for media in update.media
    ]
    if update.location is not None:
        location = update.location
        alert.latitude, alert.longitude = location.latitude, location.longitude
        alert.location_label = (location.label or location.address)[:200] or None


def recipients_of(session: Session, topic: str) -> list[Person]:
    """The active people who were sent ``topic``, in the order queued."""
    query = (
        select(Person)
        .join(
            outbox.OutboxMessage,
            outbox.OutboxMessage.recipient == Person.whatsapp_address,
        )
        .where(
            outbox.OutboxMessage.topic == topic,
            outbox.OutboxMessage.part == 1,
            Person.status == "active",
        )
        .order_by(outbox.OutboxMessage.id)
    )

    return list(session.scalars(query))
