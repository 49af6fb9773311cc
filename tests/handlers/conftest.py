"""Fixtures for the handler tests: the Katwijk network, a clock you move."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

import bot.inbound  # noqa: F401  (its table joins the schema the tests create)
from bot.app import BotApp
from bot.outbox import OutboxMessage
from models.alerts import Alert
from models.network import find_neighbourhood
from models.network_import import import_network, load_network_file

KATWIJK_FILE = Path(__file__).parents[2] / "data" / "katwijk.toml"
NETWORK_DAY = dt.date(2026, 6, 1)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: runs real processes for seconds")


class Clock:
    """A clock that stands still until a test moves it."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def set(self, now: dt.datetime) -> None:
        self.now = now

    def advance(self, **span: float) -> dt.datetime:
        self.now += dt.timedelta(**span)
        return self.now


@pytest.fixture
def escalation_clock() -> Clock:
    return Clock(dt.datetime(2026, 6, 10, 8, 0, tzinfo=dt.UTC))


def import_katwijk(bot: BotApp) -> None:
    """Load the demo network of Katwijk into the bot's database."""
    with bot.db.transaction() as session:
        report = import_network(
            session, load_network_file(KATWIJK_FILE), today=NETWORK_DAY
        )
        assert report.ok, report.errors


@pytest.fixture
def katwijk_bot(make_bot, escalation_clock) -> Callable[..., BotApp]:
    """Make a bot on the clock with the Katwijk network; sections as make_bot."""
    imported: list[bool] = []

    def make(**sections: dict[str, Any]) -> BotApp:
        bot = make_bot(clock=escalation_clock, **sections)
        if not imported:
            import_katwijk(bot)
            imported.append(True)
        return bot

    return make


def add_alert(
    bot: BotApp, text: str, neighbourhood: str | None, source: str = "police"
) -> int:
    """Store an alert as the alerts code would, at the bot's time; its number."""
    with bot.db.transaction() as session:
        area = find_neighbourhood(session, neighbourhood) if neighbourhood else None
        alert = Alert(
            source=source,
            text=text,
            neighbourhood_id=area.id if area else None,
            created_at=bot.clock(),
        )
        session.add(alert)
        session.flush()
        return alert.id


def outbox_rows(bot: BotApp, kind: str | None = None) -> list[OutboxMessage]:
    """Every queued message, oldest first (optionally of one kind)."""
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if kind is not None:
        query = query.where(OutboxMessage.kind == kind)
    with bot.db.transaction() as session:
        return list(session.scalars(query))


def received(bot: BotApp, phone: str, kind: str | None = None) -> list[str]:
    """The bodies queued for ``phone`` (E.164), oldest first."""
    address = f"whatsapp:{phone}"
    return [row.body for row in outbox_rows(bot, kind) if row.recipient == address]
