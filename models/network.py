"""The network: towns, their neighbourhoods, and the people who keep watch.

Words as in the design: a town is a kern, a neighbourhood a buurtgroep, a
member a deelnemer; primary and backup admins answer for one neighbourhood;
coordinators and the police stand outside any neighbourhood.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    case,
    select,
    text,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, object_session, relationship

from bot.db import Base, utcnow
from models.postcodes import longest_prefix, normalize_postcode

DELIVERIES = ("members", "admins")
ADMIN_ROLES = ("primary", "backup")
NEIGHBOURHOOD_ROLES = ("member", *ADMIN_ROLES)
NETWORK_ROLES = ("coordinator", "police")
ROLES = (*NEIGHBOURHOOD_ROLES, *NETWORK_ROLES)
STATUSES = ("invited", "pending", "active", "left")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


# Both directions of each pair are stored, so that ``neighbours`` is a plain
# relationship; :meth:`Neighbourhood.set_neighbours` keeps the pairs symmetric.
neighbour_table = Table(
    "neighbour",
    Base.metadata,
    Column(
        "neighbourhood_id",
        ForeignKey("neighbourhood.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "neighbour_id",
        ForeignKey("neighbourhood.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    CheckConstraint("neighbourhood_id <> neighbour_id", name="not_itself"),
)


class Town(Base):
    """A town (kern) of the municipality: Katwijk, Rijnsburg, Valkenburg."""

    __tablename__ = "town"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)

    neighbourhoods: Mapped[list[Neighbourhood]] = relationship(
        back_populates="town", order_by="Neighbourhood.name"
    )

    def __repr__(self) -> str:
        return f"<Town {self.name!r}>"


class Neighbourhood(Base):
    """A neighbourhood group (buurtgroep) with its admins and members.

    ``postcodes`` holds prefixes such as ``"2231"`` or ``"2231G"``.
    ``delivery`` says who gets the bot's messages: every member, or only the
    admins, who relay them into the neighbourhood's own WhatsApp group.
    """

    __tablename__ = "neighbourhood"
    __table_args__ = (CheckConstraint(_one_of("delivery", DELIVERIES), "delivery"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    town_id: Mapped[int] = mapped_column(ForeignKey("town.id"), index=True)
    postcodes: Mapped[list[str]] = mapped_column(JSON, default=list)
    delivery: Mapped[str] = mapped_column(String(10), default="members")

    town: Mapped[Town] = relationship(back_populates="neighbourhoods")
    neighbours: Mapped[list[Neighbourhood]] = relationship(
        secondary=neighbour_table,
        primaryjoin=lambda: Neighbourhood.id == neighbour_table.c.neighbourhood_id,
        secondaryjoin=lambda: Neighbourhood.id == neighbour_table.c.neighbour_id,
        order_by=lambda: Neighbourhood.slug,
    )

    def set_neighbours(self, others: list[Neighbourhood]) -> None:
        """Make ``others`` the neighbours, in both directions."""
        for gone in set(self.neighbours) - set(others):
            gone.neighbours.remove(self)

        for other in others:
            if self not in other.neighbours:
                other.neighbours.append(self)

        self.neighbours = sorted(others, key=lambda other: other.slug)

    def __repr__(self) -> str:
        return f"<Neighbourhood {self.slug!r}>"


class Person(Base):
    """Someone the bot knows: a member, an admin, a coordinator or the police.

    ``whatsapp_address`` is the address Twilio gives as sender and recipient
    (``whatsapp:+31612341001``, or ``whatsapp:NL.150...`` for a username
    sender, who has no ``phone``). A person has one role; members and admins
    belong to, and live in, exactly one neighbourhood.
    """

    __tablename__ = "person"
    __table_args__ = (
        CheckConstraint(_one_of("role", ROLES), "role"),
        CheckConstraint(_one_of("status", STATUSES), "status"),
        CheckConstraint(
            f"({_one_of('role', NEIGHBOURHOOD_ROLES)}) = "
            "(neighbourhood_id IS NOT NULL)",
            "neighbourhood_for_role",
        ),
        # One primary admin per neighbourhood, enforced by the database too.
        Index(
            "uq_person_primary",
            "neighbourhood_id",
            unique=True,
            sqlite_where=text("role = 'primary'"),
            postgresql_where=text("role = 'primary'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(20), unique=True)
    whatsapp_address: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(20), default="member")
    neighbourhood_id: Mapped[int | None] = mapped_column(
        ForeignKey("neighbourhood.id"), index=True
    )
    street_address: Mapped[str | None] = mapped_column(Text)
    postcode: Mapped[str | None] = mapped_column(String(6))
    house_number: Mapped[str | None] = mapped_column(String(20))
    born: Mapped[int | None]
    status: Mapped[str] = mapped_column(String(10), default="pending")
    language: Mapped[str | None] = mapped_column(String(10))
    away: Mapped[bool] = mapped_column(default=False)
    away_until: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    neighbourhood: Mapped[Neighbourhood | None] = relationship()

    @property
    def first_name(self) -> str:
        """The first word of the name, for a friendly greeting."""
        return self.name.split()[0] if self.name.strip() else ""

    @property
    def is_admin(self) -> bool:
        return self.role in ADMIN_ROLES

    def __repr__(self) -> str:
        return f"<Person {self.id} {self.role}>"


def _fold(text: str) -> str:
    """Lower case, accents removed, every run of other characters one dash."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))

    return re.sub(r"[^a-z0-9]+", "-", plain.casefold()).strip("-")


def find_neighbourhood(session: Session, text: str) -> Neighbourhood | None:
    """The neighbourhood whose slug or name is ``text``.

    Case, accents and punctuation do not count: ``"'t Duyfrak"``,
    ``"T DUYFRAK"`` and ``"t-duyfrak"`` all find the same one.
    """
    wanted = _fold(text)
    if not wanted:
        return None

    # A municipality has tens of neighbourhoods: comparing in Python is cheap
    # and the same on every database.
    for neighbourhood in session.scalars(select(Neighbourhood)):
        if wanted in (_fold(neighbourhood.slug), _fold(neighbourhood.name)):
            return neighbourhood

    return None


def neighbourhoods_for_postcode(session: Session, postcode: str) -> list[Neighbourhood]:
    """The neighbourhoods whose longest postcode prefix matches ``postcode``.

    ``"2231 GA"`` matches both ``"2231"`` and ``"2231G"``; the longer one
    wins. Usually one neighbourhood, none when no prefix matches. Raises
    :class:`~models.errors.InvalidPostcode` for text that is no postcode.
    """
    wanted = normalize_postcode(postcode)
    best: dict[str, list[Neighbourhood]] = {}
    for neighbourhood in session.scalars(select(Neighbourhood)):
        prefix = longest_prefix(wanted, neighbourhood.postcodes)
        if prefix is not None:
            best.setdefault(prefix, []).append(neighbourhood)

    if not best:
        return []

    return best[max(best, key=len)]


def _people(session: Session, *where: Any) -> list[Person]:
    query = (
        select(Person)
        .where(Person.status == "active", *where)
        .order_by(case((Person.role == "primary", 0), else_=1), Person.id)
    )

    return list(session.scalars(query))


def _session_of(neighbourhood: Neighbourhood) -> Session:
    session = object_session(neighbourhood)
    if session is None:
        raise ValueError(f"{neighbourhood!r} is not attached to a session")

    return session


def admins_of(neighbourhood: Neighbourhood) -> list[Person]:
    """The active admins of a neighbourhood: the primary first, then backups."""
    return _people(
        _session_of(neighbourhood),
        Person.neighbourhood_id == neighbourhood.id,
        Person.role.in_(ADMIN_ROLES),
    )


def members_of(neighbourhood: Neighbourhood) -> list[Person]:
    """The active members of a neighbourhood, without its admins."""
    return _people(
        _session_of(neighbourhood),
        Person.neighbourhood_id == neighbourhood.id,
        Person.role == "member",
    )


def coordinators(session: Session) -> list[Person]:
    """The active coordinators of the municipality."""
    return _people(session, Person.role == "coordinator")


def police(session: Session) -> list[Person]:
    """The active police senders (the control room)."""
    return _people(session, Person.role == "police")


def town_neighbourhoods(town: Town) -> list[Neighbourhood]:
    """The neighbourhoods of a town, by name."""
    return list(town.neighbourhoods)


def person_by_address(session: Session, address: str) -> Person | None:
    """The person behind a WhatsApp address such as ``whatsapp:+316...``."""
    return session.scalar(select(Person).where(Person.whatsapp_address == address))
