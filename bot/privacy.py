"""Keeping personal data out of logs."""

from __future__ import annotations

import re

SHOWN_HEAD = 3
SHOWN_TAIL = 3

_CHANNEL = re.compile(r"^[a-z]+:")
_PHONE = re.compile(r"^\+?\d+$")
# A WhatsApp username's ID starts with a short region tag, e.g. "NL.".
_TAGGED = re.compile(r"^(?P<tag>[A-Za-z]{1,3}\.)(?P<rest>.+)$")


def mask_phone(address: str) -> str:
    """Mask an address for a log line, e.g. ``+316*****001``.

    A phone number keeps its first three digits (the country prefix) and its
    last three. A channel prefix such as ``whatsapp:`` stays. An address that
    is not a phone number, such as a WhatsApp username's ID, keeps its region
    tag and its last three characters. Short values are masked entirely.
    """
    address = address.strip()
    prefix = _CHANNEL.match(address)
    channel = prefix.group() if prefix else ""
    rest = address[len(channel) :]
    if _PHONE.match(rest):
        return channel + _mask_number(rest)

    tagged = _TAGGED.match(rest)
    if tagged:
        return channel + tagged["tag"] + _mask_middle(tagged["rest"], 0)

    return channel + _mask_middle(rest, 0)


def _mask_number(number: str) -> str:
    plus = "+" if number.startswith("+") else ""
    digits = number.lstrip("+")

    return plus + _mask_middle(digits, SHOWN_HEAD)


def _mask_middle(value: str, head: int) -> str:
    hidden = len(value) - head - SHOWN_TAIL
    if hidden < SHOWN_TAIL:
        return "*" * len(value)

    return value[:head] + "*" * hidden + value[-SHOWN_TAIL:]
