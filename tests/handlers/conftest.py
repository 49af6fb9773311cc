"""Fixtures for the handler tests: a bot with the Katwijk demo network, a clock
the test moves by hand."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

import bot.inbound  # noqa: F401  (its table must exist when the schema is made)
from bot.app import BotApp
from bot.outbox import OutboxMessage
from models.alerts import Alert
from models.network import Neighbourhood, Person, find_neighbourhood
from models.network_import import import_network, load_network_file

KATWIJK_FILE = Path(__file__).parents[2] / "data" / "katwijk.toml"
IMPORT_DAY = dt.date(2026, 6, 1)
POLICE_TOKEN = "police-test-token-0123456789"
# Most people have not written to the bot in the last 24 hours, so most
# messages go out as templates.
TEMPLATES = {
    kind: "HX" + f"{number:032x}"
    for number, kind in enumerate(("alert", "nudge", "reply", "notice", "welcome"))
}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: runs real processes for seconds")


class Clock:
    """A clock that stands still until the test moves it."""

    def __init__(self, now: dt.datetime | None = None) -> None:
        self.now = now or dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def set(self, now: dt.datetime) -> None:
        self.now = now

    def advance(self, **delta: float) -> dt.datetime:
        self.now += dt.timedelta(**delta)
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def escalation_clock() -> Clock:
    return Clock(dt.datetime(2026, 6, 10, 8, 0, tzinfo=dt.UTC))


def load_katwijk(bot: BotApp) -> None:
    """Import the demo network into the bot's database."""
    with bot.db.transaction() as session:
        report = import_network(
            session, load_network_file(KATWIJK_FILE), today=IMPORT_DAY
        )
        assert report.ok, report.errors


@pytest.fixture
def make_katwijk_bot(make_bot: Callable[..., BotApp]) -> Callable[..., BotApp]:
    """A bot with the Katwijk network loaded; keyword sections as make_bot."""

    def make(clock: Clock | None = None, **sections: dict[str, Any]) -> BotApp:
        sections.setdefault("police", {"api_token": POLICE_TOKEN})
        sections.setdefault(
            "twilio", {"messages_per_second": 1000, "templates": TEMPLATES}
        )
        bot = make_bot(clock=clock, **sections)
        load_katwijk(bot)
        return bot

    return make


@pytest.fixture
def katwijk_bot(make_katwijk_bot: Callable[..., BotApp], clock: Clock) -> BotApp:
    return make_katwijk_bot(clock=clock)


@pytest.fixture
def katwijk(katwijk_bot: BotApp, whatsapp_for: Callable[[BotApp], Any]) -> Any:
    """Signed WhatsApp traffic to the bot with the Katwijk network."""
    return whatsapp_for(katwijk_bot)


@pytest.fixture
def katwijk_whatsapp(katwijk: Any) -> Any:
    return katwijk


def addresses(
    bot: BotApp,
    roles: Iterable[str],
    neighbourhoods: Iterable[str] | None = None,
) -> set[str]:
    """The WhatsApp addresses of active people with ``roles``, optionally only
    in the neighbourhoods with the given slugs."""
    query = select(Person.whatsapp_address).where(
        Person.status == "active", Person.role.in_(list(roles))
    )
    if neighbourhoods is not None:
        query = query.join(Neighbourhood).where(
            Neighbourhood.slug.in_(list(neighbourhoods))
        )
    with bot.db.transaction() as session:
        return set(session.scalars(query))


def admin_group_of(bot: BotApp) -> set[str]:
    return addresses(bot, ("primary", "backup", "coordinator"))


def everyone_in(bot: BotApp, slugs: Iterable[str]) -> set[str]:
    return addresses(bot, ("primary", "backup", "member"), slugs)


def receivers(whatsapp: Any, marker: str) -> Counter[str]:
    """How many messages containing ``marker`` each address received."""
    whatsapp.deliver()
    return Counter(
        message.to
        for _sid, message in whatsapp.transport.sent
        if marker in (message.body or "")
    )


def wa(number: str) -> str:
    return f"whatsapp:{number}"


@pytest.fixture
def escalation_bot(make_bot, escalation_clock) -> Callable[..., BotApp]:
    """Make bots on the escalation clock over one Katwijk network; sections as
    make_bot."""
    imported: list[bool] = []

    def make(**sections: dict[str, Any]) -> BotApp:
        bot = make_bot(clock=escalation_clock, **sections)
        if not imported:
            load_katwijk(bot)
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
