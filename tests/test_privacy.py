"""Masking addresses for log lines."""

from __future__ import annotations

import pytest

from bot.privacy import mask_phone


@pytest.mark.parametrize(
    ("address", "masked"),
    [
        ("+31612345001", "+316*****001"),
        ("whatsapp:+31612345001", "whatsapp:+316*****001"),
        ("whatsapp:+12025550123", "whatsapp:+120*****123"),
        ("31612345001", "316*****001"),
        ("whatsapp:NL.1502576394655843", "whatsapp:NL.*************843"),
        ("whatsapp:someone_unknown", "whatsapp:************own"),
        ("+3161", "+****"),
        ("whatsapp:", "whatsapp:"),
        ("", ""),
    ],
    ids=[
        "e164",
        "whatsapp-number",
        "one-digit-country-code",
        "no-plus",
        "whatsapp-username",
        "other-id",
        "too-short-to-show",
        "channel-only",
        "empty",
    ],
)
def test_mask_phone(address: str, masked: str) -> None:
    assert mask_phone(address) == masked


def test_no_full_number_survives_masking() -> None:
    assert "12345" not in mask_phone("whatsapp:+31612345001")
