from __future__ import annotations

import pytest

from models.errors import InvalidPhone
from models.phones import normalize_phone, phone_from_address, whatsapp_address


@pytest.mark.parametrize(
    ("text", "e164"),
    [
        ("06-1234 1001", "+31612341001"),
        ("+31 6 12341002", "+31612341002"),
        ("0612341003", "+31612341003"),
        ("0031 6 1234 1004", "+31612341004"),
        ("+32 470 12 34 56", "+32470123456"),
    ],
    ids=["dashes-and-space", "international", "plain", "double-zero", "belgian"],
)
def test_phone_spellings_normalise(text: str, e164: str) -> None:
    assert normalize_phone(text) == e164


@pytest.mark.parametrize(
    "text",
    ["06-12", "hallo", "", "+31 6 1234 10011"],
    ids=["short", "words", "empty", "long"],
)
def test_no_invalid_phone(text: str) -> None:
    with pytest.raises(InvalidPhone, match="is not a valid phone number") as caught:
        normalize_phone(text)

    assert isinstance(caught.value, ValueError)
    assert caught.value.value == text


def test_whatsapp_address_round_trip() -> None:
    address = whatsapp_address("+31612341001")

    assert address == "whatsapp:+31612341001"
    assert phone_from_address(address) == "+31612341001"


def test_no_phone_for_username_sender() -> None:
    assert phone_from_address("whatsapp:NL.1502576394655843") is None


def test_no_whatsapp_address_for_unnormalised_phone() -> None:
    with pytest.raises(InvalidPhone, match=r"E\.164"):
        whatsapp_address("0612341001")
