"""Phone numbers in E.164 and the WhatsApp addresses Twilio uses for them."""

from __future__ import annotations

import phonenumbers

from models.errors import InvalidPhone

WHATSAPP_PREFIX = "whatsapp:"


def normalize_phone(text: str, region: str = "NL") -> str:
    """The E.164 form of a phone number in any common spelling.

    ``"06-1234 1001"``, ``"+31 6 12341001"`` and ``"0612341001"`` all give
    ``"+31612341001"``. A number without a country code is read as one from
    ``region``. Raises :class:`InvalidPhone` when it is not a valid number.
    """
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as err:
        raise InvalidPhone(text, f'"{text}" is not a valid phone number') from err

    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(text, f'"{text}" is not a valid phone number')

    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def whatsapp_address(e164: str) -> str:
    """The address Twilio uses for a WhatsApp number: ``whatsapp:+316...``."""
    if not (e164.startswith("+") and e164[1:].isdigit()):
        raise InvalidPhone(e164, f'"{e164}" is not a phone number in E.164 form')

    return WHATSAPP_PREFIX + e164


def phone_from_address(address: str) -> str | None:
    """The E.164 number in a WhatsApp address, or None for a username sender.

    A sender who uses a WhatsApp username arrives as, for example,
    ``whatsapp:NL.1502576394655843``: that id is not a phone number.
    """
    rest = address.removeprefix(WHATSAPP_PREFIX)
    if rest.startswith("+") and rest[1:].isdigit():
        return rest

    return None
