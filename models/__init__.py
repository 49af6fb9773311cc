"""BuurtAlert's domain: the tables and queries of the neighbourhood network.

Importing this package registers every table on :class:`bot.db.Base`.
"""

from models import alerts, audit, escalation, membership, network

__all__ = ["alerts", "audit", "escalation", "membership", "network"]
