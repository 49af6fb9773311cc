"""BuurtAlert's handlers: what the bot does with each message.

Each module has ``setup(registry)``; this package's ``setup`` calls them in
order. The order is the order of ``help``.
"""

from __future__ import annotations

import models  # noqa: F401  (registers the domain's tables)
from bot.registry import Registry
from handlers import (
    alerts,
    escalation,
    membership,
    network_cli,
    people,
    police,
    police_api,
    residents,
)


def setup(registry: Registry) -> None:
    """Register BuurtAlert with the framework."""
    registry.sender_resolver(people.resolve)
    alerts.setup(registry)
    residents.setup(registry)
    membership.setup(registry)
    police.setup(registry)
    police_api.setup(registry)
    network_cli.setup(registry)
    escalation.setup(registry)
