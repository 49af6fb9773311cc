"""Delivery fixtures: a bot that sends with the real twilio client to the fake.

Messages go from the outbox through :class:`bot.worker.Worker` and
:class:`TwilioTransport` over loopback HTTP to :class:`FakeTwilio`; tests
count what arrived there, by To.
"""

from __future__ import annotations

import collections
import time
from collections.abc import Callable, Iterable
from typing import Any

import pytest
from sqlalchemy import func, select

from bot import contacts, outbox
from bot.app import BotApp
from bot.db import insert_ignoring
from bot.outbox import OutboxMessage, Outgoing
from bot.transports.twilio import TwilioTransport
from bot.worker import Worker
from tests import twilio_forms
from tests.fakes.twilio_api import FakeTwilio

DELIVERY_PLUGINS = ("tests.bot.sample_plugin",)
ALERT_TEMPLATE = "HX" + "a" * 32
NOTICE_TEMPLATE = "HX" + "b" * 32
DELIVERY_PUBLIC_URL = "https://buurtalert.test"


def people(count: int, first: int = 0) -> list[str]:
    """``count`` distinct WhatsApp addresses."""
    return [f"whatsapp:+3162{n:07d}" for n in range(first, first + count)]


def delivery_sections(fake: FakeTwilio) -> dict[str, dict[str, Any]]:
    """Config for a fast fan-out through the fake, over loopback."""
    return {
        "twilio": {
            "account_sid": fake.account_sid,
            "auth_token": fake.auth_token,
            "api_base": fake.base_url,
            "messages_per_second": 5000,
            "templates": {"alert": ALERT_TEMPLATE, "notice": NOTICE_TEMPLATE},
        },
        "worker": {
            "transport": "twilio",
            "threads": 8,
            "batch_size": 200,
            "retry_base": "10ms",
            "max_attempts": 20,
        },
    }


@pytest.fixture
def twilio_bot(
    make_bot: Callable[..., BotApp], fake_twilio: FakeTwilio
) -> Callable[..., BotApp]:
    """Make a bot whose transport is the real twilio client, aimed at the fake."""

    def make(**changes: dict[str, Any]) -> BotApp:
        sections = delivery_sections(fake_twilio)
        for name, values in changes.items():
            sections.setdefault(name, {}).update(values)
        transport = TwilioTransport(
            fake_twilio.account_sid,
            fake_twilio.auth_token,
            whatsapp_from=twilio_forms.BOT_NUMBER,
            api_base=fake_twilio.base_url,
            timeout=5.0,
            pool_size=sections["worker"]["threads"],
        )
        return make_bot(plugins=DELIVERY_PLUGINS, transport=transport, **sections)

    return make


def worker_for(bot: BotApp) -> Worker:
    """The bot's worker (closed with the bot at the end of the test)."""
    worker = bot.extensions.get("worker")
    if worker is None:
        worker = Worker(
            bot.db,
            bot.config,
            bot.make_transport(),
            clock=bot.clock,
            on_opt_out=bot.on_opt_out,
        )
        bot.extensions["worker"] = worker

    return worker


def queue(
    bot: BotApp,
    recipients: Iterable[str],
    body: str = "Melding #17: inbraak Zeeweg",
    kind: str = "alert",
    topic: str | None = "alert:17",
) -> int:
    messages = [Outgoing(to, body, kind=kind, topic=topic) for to in recipients]
    with bot.db.transaction() as session:
        return outbox.enqueue(session, messages)


def wrote_today(bot: BotApp, addresses: list[str]) -> None:
    """``addresses`` wrote to the bot just now: free text may go to them."""
    now = bot.clock()
    rows = [{"address": a, "last_inbound_at": now} for a in addresses]
    with bot.db.transaction() as session:
        insert_ignoring(session, contacts.Contact, rows, ["address"])


def deliver_until_done(bot: BotApp, timeout: float = 20.0) -> None:
    """Run the bot's worker until no row waits, retries included."""
    worker = worker_for(bot)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        worker.deliver_due()
        if waiting(bot) == 0:
            return
        time.sleep(0.01)

    raise TimeoutError(f"{waiting(bot)} rows still waiting after {timeout} s")


def waiting(bot: BotApp) -> int:
    query = select(func.count()).where(OutboxMessage.state.in_(("pending", "sending")))
    with bot.db.transaction() as session:
        return session.scalar(query) or 0


def rows_of(bot: BotApp) -> list[OutboxMessage]:
    with bot.db.transaction() as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def states(rows: Iterable[OutboxMessage]) -> collections.Counter[str]:
    return collections.Counter(row.state for row in rows)


def arrivals_by_to(fake: FakeTwilio) -> collections.Counter[str]:
    """How many messages the fake accepted for each recipient."""
    return collections.Counter(message.to for message in fake.messages)
