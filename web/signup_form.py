"""Checking the sign-up form: every field, with a message next to it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from sqlalchemy.orm import Session

from models.errors import InvalidValue
from models.membership import Applicant, clean_name
from models.network import (
    Neighbourhood,
    find_neighbourhood,
    neighbourhoods_for_postcode,
)
from models.phones import normalize_phone
from models.postcodes import normalize_postcode

_HOUSE_NUMBER = re.compile(r"^\d{1,5}\s?[A-Za-z]?(?:-\w{1,6})?$")
MAX_STREET = 100

Say = Callable[..., str]
_ODD_ERROR = {"naam": "signup.error.name_characters"}


def validate(
    db: Session, values: dict[str, str], say: Say
) -> tuple[Applicant | None, dict[str, str]]:
    """The applicant the form describes, or the errors by field name."""
    errors = {
        k: say(_ODD_ERROR.get(k, "signup.error.characters"))
        for k, v in values.items()
        if _odd(v)
    }
    if errors:
        return None, errors

    name = _name(values.get("naam", ""), errors, say)
    phone = _phone(values.get("telefoon", ""), errors, say)
    street = " ".join(values.get("straat", "").split())
    if not (2 <= len(street) <= MAX_STREET):
        errors["straat"] = say("signup.error.street")
    number = values.get("huisnummer", "").replace(" ", "")
    if not _HOUSE_NUMBER.match(number):
        errors["huisnummer"] = say("signup.error.house_number")
    postcode = _postcode(values.get("postcode", ""), errors, say)
    hood = _neighbourhood(db, values.get("buurt", ""), postcode, errors, say)
    if values.get("akkoord") != "ja":
        errors["akkoord"] = say("signup.error.consent")
    if errors or hood is None or postcode is None:
        return None, errors

    spaced = f"{postcode[:4]} {postcode[4:]}"
    applicant = Applicant(
        name=name,
        phone=phone,
        address=f"{street} {number}, {spaced}",
        neighbourhood=hood,
        street=street,
        postcode=postcode,
        house_number=number,
    )
    return applicant, {}


def _odd(text: str) -> bool:
    """Control, format or unassigned characters: nothing a person types."""
    return any(unicodedata.category(c) in ("Cc", "Cf", "Cn", "Co", "Cs") for c in text)


def _name(text: str, errors: dict[str, str], say: Say) -> str:
    name = clean_name(text)
    if name is not None:
        return name

    bare = " ".join(text.split())
    blank = len(bare) < 2 or not any(c.isalpha() for c in bare)
    key = "signup.error.name" if blank else "signup.error.name_characters"
    errors["naam"] = say(key)

    return bare


def _phone(text: str, errors: dict[str, str], say: Say) -> str | None:
    try:
        return normalize_phone(text)
    except InvalidValue:
        errors["telefoon"] = say("signup.error.phone")
        return None


def _postcode(text: str, errors: dict[str, str], say: Say) -> str | None:
    try:
        return normalize_postcode(text)
    except InvalidValue:
        errors["postcode"] = say("signup.error.postcode")
        return None


def _neighbourhood(
    db: Session, slug: str, postcode: str | None, errors: dict[str, str], say: Say
) -> Neighbourhood | None:
    """The chosen neighbourhood, else the only one that fits the postcode."""
    if slug:
        hood = find_neighbourhood(db, slug)
        if hood is None:
            errors["buurt"] = say("signup.error.neighbourhood")
        return hood
    if postcode is None:
        errors["buurt"] = say("signup.error.neighbourhood")
        return None

    fits = neighbourhoods_for_postcode(db, postcode)
    if len(fits) == 1:
        return fits[0]
    errors["buurt"] = say(
        "signup.error.no_neighbourhood" if not fits else "signup.error.neighbourhood"
    )

    return None
