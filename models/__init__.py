"""BuurtAlert's domain tables and queries."""
