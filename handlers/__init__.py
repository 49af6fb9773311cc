"""BuurtAlert's handlers: what the bot does with each message."""

from __future__ import annotations

from bot.registry import Registry


def setup(registry: Registry) -> None:
    """Register BuurtAlert with the framework."""
