"""The web tests use the handler tests' Katwijk bot and clock."""

from tests.handlers.conftest import clock, katwijk_bot, katwijk_whatsapp

__all__ = ["clock", "katwijk_bot", "katwijk_whatsapp"]
