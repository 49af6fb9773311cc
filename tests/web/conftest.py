"""The web tests use the handler tests' Katwijk bot and clock."""

from tests.handlers.conftest import (
    clock,
    katwijk,
    katwijk_bot,
    katwijk_whatsapp,
    make_katwijk_bot,
)

__all__ = ["clock", "katwijk", "katwijk_bot", "katwijk_whatsapp", "make_katwijk_bot"]
