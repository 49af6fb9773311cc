"""``[police]``: the control room's numbers and the police API's token.

Apart from :mod:`handlers.police` so that the sender resolver can read it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from models.errors import InvalidPhone
from models.phones import normalize_phone, phone_from_address


@dataclass
class PoliceSection:
    """``[police]``: extra police numbers, and the API's bearer token."""

    numbers: list[str] = field(default_factory=list)
    api_token: str = ""

    def check(self) -> list[str]:
        problems = []
        for number in self.numbers:
            try:
                normalize_phone(number)
            except InvalidPhone:
                problems.append(
                    f"[police] numbers: {number!r} is not a phone number;"
                    " write it as +31612345678"
                )

        return problems

    def knows(self, address: str) -> bool:
        """Whether the WhatsApp ``address`` is one of the listed numbers."""
        if not self.numbers:
            return False
        phone = phone_from_address(address)

        return phone is not None and phone in _normalized(tuple(self.numbers))


@functools.cache
def _normalized(numbers: tuple[str, ...]) -> frozenset[str]:
    """The listed numbers in E.164, worked out once (it runs per message)."""
    return frozenset(normalize_phone(number) for number in numbers)
