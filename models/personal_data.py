"""Personal data under the AVG (GDPR): showing it, erasing it, keeping it short.

A person may ask what we store about them (``mijn gegevens``) and to be
forgotten (``vergeet mij``). People who left are erased once the retention
period has passed. The audit trail keeps an anonymous trace: its foreign
keys become NULL when a person is deleted (see :mod:`models.audit`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.orm import Session

from bot import contacts, conversations
from bot.config import Duration
from bot.inbound import InboundMessage
from bot.outbox import OutboxMessage
from models.alerts import Alert
from models.audit import AuditEntry, record
from models.membership import JoinRequest, MembershipRecord
from models.network import Person

ERASED = "erased"


@dataclass
class PrivacySection:
    """``[privacy]``: how long the data of people who left is kept."""

    retention: Duration = field(default_factory=lambda: Duration(days=30))

    def check(self) -> list[str]:
        if self.retention <= dt.timedelta(0):
            return [f"[privacy] retention = {self.retention}: expected above 0"]

        return []


def export(session: Session, person: Person) -> dict[str, Any]:
    """Everything stored about ``person``, as field names and values."""
    membership = session.get(MembershipRecord, person.id)
    contact = contacts.get(session, person.whatsapp_address)
    requests = session.scalars(
        select(JoinRequest).where(JoinRequest.person_id == person.id)
    )
    neighbourhood = person.neighbourhood

    return {
        "name": person.name,
        "phone": person.phone,
        "whatsapp": person.whatsapp_address,
        "role": person.role,
        "status": person.status,
        "neighbourhood": neighbourhood.name if neighbourhood else None,
        "address": person.street_address,
        "postcode": person.postcode,
        "house_number": person.house_number,
        "born": person.born,
        "language": person.language,
        "away": person.away,
        "since": person.created_at,
        "consent": _consent(membership),
        "left": membership.left_at if membership else None,
        "requests": [_request(r) for r in requests],
        "last_message": contact.last_inbound_at if contact else None,
        "opted_out": contact.opted_out_at if contact else None,
        "messages": _count_messages(session, person.whatsapp_address),
        "audit": _audit_actions(session, person),
    }


def _consent(membership: MembershipRecord | None) -> str | None:
    if membership is None or membership.consent_at is None:
        return None

    return f"{membership.consent_at:%Y-%m-%d %H:%M} UTC ({membership.consent_via})"


def _request(request: JoinRequest) -> str:
    created = f"{request.created_at:%Y-%m-%d}"
    return f"{request.code} {request.channel} {request.state} {created}"


def _count_messages(session: Session, address: str) -> int:
    query = select(InboundMessage.id).where(InboundMessage.sender == address)

    return len(session.scalars(query).all())


def _audit_actions(session: Session, person: Person) -> list[str]:
    query = (
        select(AuditEntry)
        .where(
            or_(
                AuditEntry.actor_id == person.id,
                AuditEntry.subject_person_id == person.id,
            )
        )
        .order_by(AuditEntry.id)
    )

    return [f"{e.at:%Y-%m-%d} {e.action}" for e in session.scalars(query)]


def erase(session: Session, person: Person, reason: str) -> None:
    """Delete ``person`` and every trace of them that names them.

    Their messages' stored forms, their conversation and their messages in
    the outbox are emptied; so are messages to others that name them and the
    alerts they raised. The contact row stays until :func:`purge`, so that
    the one reply saying they are forgotten can still reach them.
    """
    address = person.whatsapp_address
    erase_address(session, address)
    _blank_mentions(session, _identifiers(person))
    _blank_alerts(session, person)
    record(session, None, "privacy.erase", reason=reason, role=person.role)
    session.delete(person)
    session.flush()


def _identifiers(person: Person) -> list[str]:
    """How a message may name ``person``: full name and phone number."""
    found = [person.name.strip()] if len(person.name.strip()) >= 2 else []
    if person.phone:
        found.append(person.phone)
        if person.phone.startswith("+31"):
            found.append("0" + person.phone[3:])

    return found


def _blank_mentions(session: Session, needles: list[str]) -> None:
    """Empty the outbox rows to others that name someone."""
    if not needles:
        return
    query = select(OutboxMessage).where(
        or_(*(OutboxMessage.body.contains(n, autoescape=True) for n in needles))
    )
    _blank(session, [r for r in session.scalars(query) if _names(r, needles)])


def _names(row: OutboxMessage, needles: list[str]) -> bool:
    return any(n in row.body for n in needles)


def _blank_alerts(session: Session, person: Person) -> None:
    """The alerts ``person`` raised, and their copies, may hold their address
    or photos."""
    alerts = list(
        session.scalars(
            select(Alert).where(
                Alert.created_by_id == person.id, Alert.source == "resident"
            )
        )
    )
    for alert in alerts:
        alert.text = ""
        alert.media = []
    if not alerts:
        return

    copies = or_(
        *(
            or_(
                OutboxMessage.topic == a.topic,
                OutboxMessage.topic.like(f"nudge:{a.id}:%"),
            )
            for a in alerts
        )
    )
    _blank(session, list(session.scalars(select(OutboxMessage).where(copies))))


def _blank(session: Session, rows: list[OutboxMessage]) -> None:
    """Empty sent rows (they still count as delivered); drop unsent ones."""
    for row in rows:
        if row.state == "pending":
            session.delete(row)
            continue
        row.body = ""
        row.template_vars = {}


def erase_address(session: Session, address: str) -> None:
    """Empty what the framework stored for ``address``."""
    session.execute(
        update(InboundMessage)
        .where(InboundMessage.sender == address)
        .values(sender=ERASED, form={})
    )
    conversations.end(session, address)
    session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.recipient == address, OutboxMessage.state == "pending"
        )
    )
    rows = session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == address)
    )
    for row in rows:
        row.recipient = f"{ERASED}:{row.id}"
        row.body = ""
        row.template_vars = {}


def purge(session: Session, now: dt.datetime, retention: dt.timedelta) -> int:
    """Erase whoever left, or never confirmed, longer than ``retention`` ago.

    Also forgets addresses that belong to nobody and wrote nothing within
    the retention period. Returns how many people were erased.
    """
    cutoff = now - retention
    people = list(session.scalars(_expired_people(cutoff)))
    for person in people:
        erase(session, person, "retention")
    _forget_strangers(session, cutoff)

    return len(people)


def _expired_people(cutoff: dt.datetime) -> Any:
    left = and_(Person.status == "left", MembershipRecord.left_at < cutoff)
    never_confirmed = and_(
        Person.status == "invited",
        ~select(JoinRequest.id)
        .where(JoinRequest.person_id == Person.id, JoinRequest.created_at >= cutoff)
        .exists(),
    )

    return (
        select(Person)
        .outerjoin(MembershipRecord, MembershipRecord.person_id == Person.id)
        .where(or_(left, never_confirmed))
    )


def _forget_strangers(session: Session, cutoff: dt.datetime) -> None:
    known = select(Person.whatsapp_address)
    quiet = select(contacts.Contact.address).where(
        contacts.Contact.address.not_in(known),
        or_(
            contacts.Contact.last_inbound_at.is_(None),
            contacts.Contact.last_inbound_at < cutoff,
        ),
    )
    for address in list(session.scalars(quiet)):
        erase_address(session, address)
        session.execute(
            delete(contacts.Contact).where(contacts.Contact.address == address)
        )
