"""Masking personal data before it reaches a log line."""

from __future__ import annotations


def mask_phone(address: str) -> str:
    """``whatsapp:+31612341001`` becomes ``+316*****001``."""
    number = address.removeprefix("whatsapp:")
    if not number.startswith("+"):
        return number[:3] + "***"

    return number[:4] + "*" * max(len(number) - 7, 0) + number[-3:]
