"""The domain's errors for values people type: phone numbers and postcodes."""

from __future__ import annotations


class InvalidValue(ValueError):
    """A value cannot be understood; ``value`` is the text as given."""

    def __init__(self, value: str, message: str) -> None:
        self.value = value
        super().__init__(message)


class InvalidPhone(InvalidValue):
    """A phone number that is not a valid number."""


class InvalidPostcode(InvalidValue):
    """A Dutch postcode that is not four digits and two letters."""
