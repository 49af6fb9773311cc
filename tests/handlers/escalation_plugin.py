"""Stands in for the alerts code in the escalation tests.

A police message becomes an alert for the neighbourhood of the first
postcode in it (none: for nobody yet), and its escalation chain starts.
"""

from __future__ import annotations

import re

from bot.context import Context
from bot.registry import Registry
from handlers.escalation import start_chain
from models.alerts import Alert
from models.network import neighbourhoods_for_postcode

_POSTCODE = re.compile(r"\b\d{4}\s?[A-Z]{2}\b")


def police_alert(ctx: Context) -> None:
    match = _POSTCODE.search(ctx.update.text)
    areas = neighbourhoods_for_postcode(ctx.session, match[0]) if match else []
    area = areas[0] if areas else None
    alert = Alert(
        source="police",
        text=ctx.update.text,
        neighbourhood_id=area.id if area else None,
        created_at=ctx.now,
    )
    ctx.session.add(alert)
    ctx.session.flush()
    start_chain(ctx.session, alert, area, ctx.now, ctx.config)


def setup(registry: Registry) -> None:
    registry.default("police", police_alert)
