"""Joining and leaving: join requests, the opt-in record and departures.

WhatsApp lets a business message only people who opted in, and asks that
the opt-in be documented: :class:`MembershipRecord` keeps when and how each
person agreed, and when they left. A :class:`JoinRequest` carries one
application from its first step to an admin's decision.

States of a request: ``unconfirmed`` (we wait for the person's ``ja``: a
website sign-up, an admin's invitation or an import), ``pending`` (an admin
must decide), then ``approved``, ``rejected`` or ``cancelled``.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from bot.db import Base, utcnow
from models.network import Neighbourhood, Person, person_by_address
from models.phones import whatsapp_address

CHANNELS = ("whatsapp", "web", "admin", "import")
REQUEST_STATES = ("unconfirmed", "pending", "approved", "rejected", "cancelled")
OPEN_STATES = ("unconfirmed", "pending")
# No 0/O, 1/I/L, 5/S: a code is read aloud and typed on a phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRTUVWXYZ2346789"
CODE_LENGTH = 4
REASK_AFTER = dt.timedelta(hours=1)
NAME_LENGTH = (2, 60)
NAME_MARKS = frozenset(" -'’.")
# Two words joined by a dot, like a web address: "evil.example", "www.x".
_DOMAIN = re.compile(r"[^\W\d_]{2,}\.[^\W\d_]{2,}")


class JoinRequest(Base):
    __tablename__ = "join_request"
    __table_args__ = (
        CheckConstraint(f"channel IN {CHANNELS!r}", "channel"),
        CheckConstraint(f"state IN {REQUEST_STATES!r}", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    neighbourhood_id: Mapped[int] = mapped_column(
        ForeignKey("neighbourhood.id", ondelete="CASCADE"), index=True
    )
    channel: Mapped[str] = mapped_column(String(10))
    state: Mapped[str] = mapped_column(String(12), default="unconfirmed", index=True)
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL")
    )
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL")
    )
    decided_at: Mapped[dt.datetime | None]
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[dt.datetime | None]

    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    neighbourhood: Mapped[Neighbourhood] = relationship()
    decided_by: Mapped[Person | None] = relationship(foreign_keys=[decided_by_id])

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class MembershipRecord(Base):
    """The documented opt-in of one person, and their departure."""

    __tablename__ = "membership_record"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    consent_at: Mapped[dt.datetime | None]
    consent_via: Mapped[str | None] = mapped_column(String(10))
    left_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    left_reason: Mapped[str | None] = mapped_column(String(20))


@dataclass(frozen=True)
class Applicant:
    """What someone gave to join: from the website, an admin or an import."""

    name: str
    phone: str | None
    address: str
    neighbourhood: Neighbourhood
    street: str | None = None
    postcode: str | None = None
    house_number: str | None = None


Outcome = Literal[
    "invited", "active", "pending", "opted_out", "recent", "staff", "police"
]


def clean_name(text: str) -> str | None:
    """``text`` as a name we may put in a message, or None when it is not one.

    Letters of any script, spaces, hyphens, apostrophes and dots; no web
    addresses, no control or direction-changing characters.
    """
    name = " ".join(text.split())
    shortest, longest = NAME_LENGTH
    if not shortest <= len(name) <= longest or _DOMAIN.search(name):
        return None
    if not any(c.isalpha() for c in name):
        return None
    if not all(_name_char(c) for c in name):
        return None

    return name


def _name_char(char: str) -> bool:
    return char in NAME_MARKS or unicodedata.category(char)[0] in "LM"


def new_code(session: Session) -> str:
    """A short approval code that no request has used yet."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if session.scalar(select(JoinRequest.id).where(JoinRequest.code == code)):
            continue

        return code


def record_of(session: Session, person: Person) -> MembershipRecord:
    record = session.get(MembershipRecord, person.id)
    if record is None:
        record = MembershipRecord(person_id=person.id)
        session.add(record)

    return record


def open_request(session: Session, person: Person) -> JoinRequest | None:
    """The person's request that still waits for them or for an admin."""
    query = (
        select(JoinRequest)
        .where(JoinRequest.person_id == person.id, JoinRequest.state.in_(OPEN_STATES))
        .order_by(JoinRequest.id.desc())
    )

    return session.scalars(query).first()


def request_by_code(session: Session, code: str) -> JoinRequest | None:
    """The request with ``code``, locked until the transaction ends."""
    query = (
        select(JoinRequest)
        .where(JoinRequest.code == code.strip().upper())
        .with_for_update()
    )

    return session.scalars(query).one_or_none()


def new_request(
    session: Session,
    person: Person,
    channel: str,
    now: dt.datetime,
    state: str = "unconfirmed",
    invited_by: Person | None = None,
) -> JoinRequest:
    assert person.neighbourhood is not None
    request = JoinRequest(
        code=new_code(session),
        person=person,
        neighbourhood=person.neighbourhood,
        channel=channel,
        state=state,
        invited_by_id=invited_by.id if invited_by else None,
        created_at=now,
        sent_at=now,
    )
    session.add(request)

    return request


def fill_in(person: Person, applicant: Applicant) -> None:
    """Write what the applicant gave onto ``person`` as a new applicant."""
    person.name = applicant.name
    person.role = "member"
    person.neighbourhood = applicant.neighbourhood
    person.street_address = applicant.address or None
    person.postcode = applicant.postcode
    person.house_number = applicant.house_number


def invite(
    session: Session,
    applicant: Applicant,
    channel: str,
    now: dt.datetime,
    invited_by: Person | None = None,
    opted_out: bool = False,
    police: Collection[str] = (),
) -> tuple[Outcome, Person | None, JoinRequest | None]:
    """Invite ``applicant`` to confirm with ``ja``, unless that makes no sense.

    Returns what happened: ``invited`` (ask them), ``active`` or
    ``pending`` (they are a member, or wait for an admin: tell them so),
    ``staff`` (an admin, coordinator or the police: leave them alone),
    ``recent`` (asked within the hour: don't ask again), ``opted_out``
    (they said stop: send nothing) or ``police`` (a police number, a person
    with that role or one of ``police``: send nothing, create nothing).
    """
    assert applicant.phone is not None
    address = whatsapp_address(applicant.phone)
    person = person_by_address(session, address)
    if applicant.phone in police or (person is not None and person.role == "police"):
        return "police", None, None
    if person is not None and person.role != "member" and person.status == "active":
        return "staff", person, None
    if person is not None and person.status == "active":
        return "active", person, None
    if person is not None and person.status == "pending":
        return "pending", person, None
    if opted_out:
        return "opted_out", person, None

    waiting = open_request(session, person) if person is not None else None
    if waiting is not None and _asked_lately(waiting, now):
        return "recent", person, waiting

    if waiting is not None:
        waiting.state = "cancelled"
    person = _invitee(session, person, applicant, address)
    if person is None:
        return "recent", None, None

    request = new_request(session, person, channel, now, invited_by=invited_by)

    return "invited", person, request


def _invitee(
    session: Session, person: Person | None, applicant: Applicant, address: str
) -> Person | None:
    """``person`` filled in as invited; None when a simultaneous sign-up for
    the same new number was first."""
    try:
        with session.begin_nested():
            if person is None:
                person = Person(phone=applicant.phone, whatsapp_address=address)
            fill_in(person, applicant)
            person.status = "invited"
            session.add(person)
    except IntegrityError:
        return None

    return person


def _asked_lately(request: JoinRequest, now: dt.datetime) -> bool:
    """Asked within the hour: a form sent twice must not mean two messages."""
    return request.sent_at is not None and now - request.sent_at < REASK_AFTER
