"""BuurtAlert's domain: the tables and queries of the neighbourhood network.

Importing this package registers every table on :class:`bot.db.Base`.
"""

from models import audit, network

__all__ = ["audit", "network"]
