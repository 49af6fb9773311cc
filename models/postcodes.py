"""Dutch postcodes: reading them from text and matching them to prefixes.

A Dutch postcode is four digits and two letters (``2224 AB``). A
neighbourhood covers one or more prefixes of it, such as ``"2231"`` or
``"2231G"``; the longest prefix that matches a postcode wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from models.errors import InvalidPostcode

_POSTCODE = re.compile(r"^\s*([1-9][0-9]{3})\s*([A-Za-z]{2})\s*$")
_PREFIX = re.compile(r"^[1-9][0-9]{3}[A-Z]{0,2}$")
_IN_ADDRESS = re.compile(r"\b([1-9][0-9]{3})\s?([A-Za-z]{2})\b")
_HOUSE_NUMBER = re.compile(r"\s(\d+(?:\s?[A-Za-z]\b|-\w+)?)\s*(?:,|$)")


def normalize_postcode(text: str) -> str:
    """A postcode in its stored form: ``"2224 ab"`` gives ``"2224AB"``."""
    match = _POSTCODE.match(text)
    if match is None:
        raise InvalidPostcode(
            text, f'"{text}" is not a postcode (four digits and two letters)'
        )

    return (match[1] + match[2]).upper()


def normalize_prefix(text: str) -> str:
    """A postcode prefix in its stored form: ``"2231 g"`` gives ``"2231G"``."""
    prefix = text.replace(" ", "").upper()
    if not _PREFIX.match(prefix):
        raise InvalidPostcode(
            text,
            f'"{text}" is not a postcode prefix (four digits and up to two letters)',
        )

    return prefix


def postcode_in_address(address: str) -> str | None:
    """The postcode written in an address, if there is one."""
    match = _IN_ADDRESS.search(address)
    if match is None:
        return None

    return (match[1] + match[2]).upper()


def house_number_in_address(address: str) -> str | None:
    """The house number in ``"Street 12a, 2224 AA Town"``, if there is one."""
    street = _IN_ADDRESS.split(address, maxsplit=1)[0]
    match = _HOUSE_NUMBER.search(" " + street)
    if match is None:
        return None

    return match[1].replace(" ", "")


def longest_prefix(postcode: str, prefixes: Iterable[str]) -> str | None:
    """The longest of ``prefixes`` that ``postcode`` starts with, or None."""
    matches = [prefix for prefix in prefixes if postcode.startswith(prefix)]

    return max(matches, key=len, default=None)
