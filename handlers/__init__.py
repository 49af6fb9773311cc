"""BuurtAlert's handlers: what the bot does with each message.

Each module has ``setup(registry)``; this package's ``setup`` calls them in
order. The order is the order of ``help``.
"""

from __future__ import annotations

import models  # noqa: F401  (registers the domain's tables)
from bot.registry import Registry
from handlers import escalation, people


def setup(registry: Registry) -> None:
    """Register BuurtAlert with the framework."""
    registry.sender_resolver(people.resolve)
    escalation.setup(registry)
