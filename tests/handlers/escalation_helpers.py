"""Starting and acknowledging alerts the way the alerts code does."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from bot.app import BotApp
from handlers.escalation import start_chain, stop_chain
from models.alerts import Alert, AlertEvent
from models.escalation import EscalationStep
from models.network import find_neighbourhood, person_by_address
from tests.handlers.conftest import add_alert

JOKE = "+31612341001"  # primary admin of Hoornes
PIETER = "+31612341002"  # backup admin of Hoornes
SANNE = "+31612341003"  # backup admin of Hoornes
KEES = "+31612341011"  # member of Hoornes
ANJA = "+31612340001"  # coordinator
WILLEM = "+31612340002"  # coordinator
POLICE = "+31612340000"
HOORNES_ADMINS = (JOKE, PIETER, SANNE)
COORDINATORS = (ANJA, WILLEM)


def give(bot: BotApp, number: int, neighbourhood: str | None) -> None:
    """The alert is given to ``neighbourhood`` (None: to nobody yet)."""
    with bot.db.transaction() as session:
        alert = session.get(Alert, number)
        area = find_neighbourhood(session, neighbourhood) if neighbourhood else None
        start_chain(session, alert, area, bot.clock(), bot.config)


def new_alert(
    bot: BotApp, neighbourhood: str | None = "hoornes", text: str = ""
) -> int:
    text = text or "Verdachte man bij de garages aan de Voorbeeldlaan, blauwe jas"
    number = add_alert(bot, text, neighbourhood)
    give(bot, number, neighbourhood)
    return number


def acknowledge(bot: BotApp, number: int, phone: str) -> None:
    """``phone`` takes the alert on, as the ack command does."""
    with bot.db.transaction() as session:
        alert = session.get(Alert, number)
        person = person_by_address(session, f"whatsapp:{phone}")
        alert.state = "acknowledged"
        alert.acknowledged_by_id = person.id
        alert.acknowledged_at = bot.clock()
        stop_chain(session, alert, person, bot.clock())


def steps(bot: BotApp, number: int) -> list[EscalationStep]:
    with bot.db.transaction() as session:
        query = (
            select(EscalationStep)
            .where(EscalationStep.alert_id == number)
            .order_by(EscalationStep.id)
        )
        return list(session.scalars(query))


def nudge_events(bot: BotApp, number: int | None = None) -> dict[tuple[int, int], int]:
    """How often each (alert, step) nudged, from the alerts' timelines."""
    query = select(AlertEvent.alert_id, AlertEvent.detail).where(
        AlertEvent.kind == "nudged"
    )
    counts: dict[tuple[int, int], int] = {}
    with bot.db.transaction() as session:
        for alert_id, detail in session.execute(query):
            if number is None or alert_id == number:
                key = (alert_id, detail["step"])
                counts[key] = counts.get(key, 0) + 1
    return counts


def at(text: str) -> dt.datetime:
    """A UTC instant written as ``2026-10-25 00:30``."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)
