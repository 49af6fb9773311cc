"""What the membership handlers share: who decides, who may manage, addresses."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy.orm import Session

from bot.context import Context, Recipient
from bot.update import fold
from handlers.people import person_of
from handlers.police_config import PoliceSection
from models import membership
from models.errors import InvalidPhone
from models.membership import JoinRequest
from models.network import Neighbourhood, Person, admins_of, coordinators
from models.phones import normalize_phone

YES = frozenset({"ja", "yes", "j", "y", "ok", "oke"})
CONSENT = frozenset({"akkoord", "agree", "ik ga akkoord", "i agree"})

_POSTCODE = re.compile(r"\b([1-9][0-9]{3})\s?([A-Za-z]{2})\b")
_HOUSE_NUMBER = re.compile(r"\b(\d{1,5}(?:\s?[A-Za-z]\b|-\w+)?)")


def is_yes(text: str) -> bool:
    return fold(text.strip(" .!")) in YES


def is_consent(text: str) -> bool:
    return fold(text.strip(" .!")) in CONSENT


def police_phones(config: Any) -> frozenset[str]:
    """The numbers in ``[police] numbers``, in E.164: never to be invited."""
    try:
        numbers = config.section("police", PoliceSection).numbers
    except KeyError:  # the police plugin is not loaded
        return frozenset()

    found = set()
    for number in numbers:
        try:
            found.add(normalize_phone(number))
        except InvalidPhone:
            continue

    return frozenset(found)


def recipient(person: Person) -> Recipient:
    return Recipient(person.whatsapp_address, person.language)


def deciders(neighbourhood: Neighbourhood) -> list[Person]:
    """Who decides on a request: the admins, else the coordinators."""
    admins = admins_of(neighbourhood)
    if admins:
        return admins
    session = Session.object_session(neighbourhood)
    assert session is not None

    return coordinators(session)


def actor(ctx: Context) -> Person:
    person = person_of(ctx.session, ctx.sender)
    assert person is not None, "a command for admins reached someone unknown"

    return person


def may_manage(person: Person, neighbourhood: Neighbourhood) -> bool:
    """Coordinators manage every neighbourhood; admins only their own."""
    if person.role == "coordinator":
        return True

    return person.is_admin and person.neighbourhood_id == neighbourhood.id


def parse_address(text: str) -> tuple[str | None, str, str] | None:
    """Street (if given), house number and postcode in ``text``, or None."""
    found = _POSTCODE.search(text)
    if found is None:
        return None
    rest = text[: found.start()] + " " + text[found.end() :]
    number = _HOUSE_NUMBER.search(rest)
    if number is None:
        return None
    street = rest[: number.start()].strip(" ,") or None

    return street, number[1].replace(" ", ""), (found[1] + found[2]).upper()


def format_address(street: str | None, house_number: str, postcode: str) -> str:
    spaced = f"{postcode[:4]} {postcode[4:]}"
    return (
        f"{street} {house_number}, {spaced}" if street else f"{house_number}, {spaced}"
    )


def street_of(person: Person) -> str | None:
    """The street without the house number: enough for an admin to place
    someone, no more."""
    if not person.street_address:
        return None
    before = _POSTCODE.split(person.street_address, maxsplit=1)[0]
    found = re.match(r"^(.*?)\s+\d", before.strip(" ,"))
    if found is None:
        return None

    return found[1].strip(" ,") or None


def mark_left(session: Session, person: Person, now: dt.datetime, reason: str) -> None:
    """``person`` is no longer a member; their data goes after the retention."""
    person.status = "left"
    record = membership.record_of(session, person)
    record.left_at = now
    record.left_reason = reason
    waiting = membership.open_request(session, person)
    if waiting is not None:
        waiting.state = "cancelled"


def record_consent(
    session: Session, person: Person, now: dt.datetime, via: str
) -> None:
    """Document the opt-in WhatsApp asks for: when, and how."""
    record = membership.record_of(session, person)
    record.consent_at = now
    record.consent_via = via
    record.left_at = None
    record.left_reason = None


def notify_deciders(ctx: Context, request: JoinRequest) -> None:
    """Send a pending request to the neighbourhood's admins."""
    person = request.person
    username = "" if person.phone else ctx.text("membership.username")
    ctx.send(
        [recipient(p) for p in deciders(request.neighbourhood)],
        "membership.request",
        kind="notice",
        topic=f"join:{request.code}",
        neighbourhood=request.neighbourhood.name,
        name=person.name,
        street=street_of(person) or ctx.text("membership.street_unknown"),
        channel=ctx.text(f"membership.channel.{request.channel}"),
        username=username,
        code=request.code,
    )
