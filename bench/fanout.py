"""Fan-out: one alert to N recipients, the bot against a plain twilio loop.

A (the bot): ``outbox.enqueue`` of N messages, then ``Worker.deliver_due``
through ``TwilioTransport``. B (the baseline): twilio's ``Client`` sending
the same N messages from a ``ThreadPoolExecutor`` with as many threads as
the worker, through the same routed HTTP client. Rounds alternate A and B.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import func, select
from twilio.rest import Client

from bench import seed
from bench.common import (
    BOT_NUMBER,
    NOWHERE,
    Section,
    alternate,
    create_schema,
    database_urls,
    kind_of,
    overrides,
    recipients,
)
from bench.far_end import ACCOUNT_SID, AUTH_TOKEN, FarEnd
from bot.config import load_config
from bot.db import Database
from bot.outbox import OutboxMessage, Outgoing, enqueue
from bot.transports.twilio import TwilioTransport
from bot.transports.twilio_http import RoutedHttpClient
from bot.worker import Worker

BODY = "Melding #1: verdachte situatie bij de Zeeweg. Bel bij nood altijd 112."
CALLBACK = NOWHERE + "/twilio/status"
WARM_UP = 50


class BotSide:
    """Alerts through the outbox and the worker."""

    def __init__(self, url: str, api_base: str) -> None:
        config = load_config(None, overrides(url, api_base))
        self.db = Database(url)
        self.threads = config.worker.threads
        transport = TwilioTransport(
            ACCOUNT_SID,
            AUTH_TOKEN,
            whatsapp_from=BOT_NUMBER,
            api_base=api_base,
            pool_size=self.threads,
        )
        self.worker = Worker(self.db, config, transport)
        self.alerts = 0

    def send(self, to: list[str]) -> float:
        seed.empty_outbox(self.db)
        self.alerts += 1
        topic = f"alert:{self.alerts}"
        messages = [Outgoing(r, BODY, kind="alert", topic=topic) for r in to]

        start = time.perf_counter()
        with self.db.transaction() as session:
            enqueue(session, messages)
        self.worker.deliver_due()
        elapsed = time.perf_counter() - start

        self._check(topic, len(to))
        return elapsed

    def _check(self, topic: str, expected: int) -> None:
        query = select(func.count()).where(
            OutboxMessage.topic == topic, OutboxMessage.state == "queued"
        )
        with self.db.transaction() as session:
            sent = session.scalar(query)
        if sent != expected:
            raise RuntimeError(f"the bot sent {sent} of {expected} messages")

    def close(self) -> None:
        self.worker.close()
        self.db.dispose()


class PlainSide:
    """The same messages from a plain loop with twilio's own client."""

    def __init__(self, api_base: str, threads: int) -> None:
        self.http = RoutedHttpClient(api_base, 10.0, threads)
        self.messages = Client(ACCOUNT_SID, AUTH_TOKEN, http_client=self.http).messages
        self.pool = ThreadPoolExecutor(max_workers=threads)

    def send(self, to: list[str]) -> float:
        start = time.perf_counter()
        list(self.pool.map(self._one, to))
        return time.perf_counter() - start

    def _one(self, recipient: str) -> None:
        self.messages.create(
            to=recipient, from_=BOT_NUMBER, body=BODY, status_callback=CALLBACK
        )

    def close(self) -> None:
        self.pool.shutdown()
        self.http.close()


def run(far: FarEnd, tmp: Path, sizes: list[int], rounds: int) -> list[Section]:
    return [_run_on(url, far, tmp, sizes, rounds) for url in database_urls(tmp, "fan")]


def _run_on(url: str, far: FarEnd, tmp: Path, sizes: list[int], rounds: int):
    section = Section(f"Fan-out ({kind_of(url)})")
    create_schema(url)
    everyone = recipients(max(sizes))
    bot = BotSide(url, far.base_url)
    seed.in_window(bot.db, everyone)
    plain = PlainSide(far.base_url, bot.threads)
    per_message: dict[int, tuple[float, float]] = {}
    try:
        bot.send(everyone[:WARM_UP])
        plain.send(everyone[:WARM_UP])
        for size in sizes:
            per_message[size] = _compare(section, bot, plain, everyone[:size], rounds)
    finally:
        bot.close()
        plain.close()

    _flatness(section, per_message)
    return section


def _compare(section: Section, bot: BotSide, plain: PlainSide, to: list[str], rounds):
    spent = {"bot": 0.0, "plain": 0.0}
    for _, bot_first in alternate(rounds):
        order = ("bot", "plain") if bot_first else ("plain", "bot")
        for side in order:
            spent[side] += (bot if side == "bot" else plain).send(to)

    sent = len(to) * rounds
    bot_rate, plain_rate = sent / spent["bot"], sent / spent["plain"]
    ratio = bot_rate / plain_rate
    section.add(
        f"N={len(to):,}: bot / plain msg/s", f"{ratio:.2f}", ">= 0.8", ratio >= 0.8
    )
    section.info.append(
        f"N={len(to):,}: bot {bot_rate:,.0f} msg/s, plain loop {plain_rate:,.0f} msg/s"
        f" ({rounds} rounds each, alternating)"
    )
    if ratio < 0.8 and not section.limits:
        section.limits.append(_why_slow())
    return spent["bot"] / sent, spent["plain"] / sent


def _why_slow() -> str:
    return (
        "CPU: the worker claims and records in the same process as its sending"
        " threads, and on two cores Python runs one thread at a time, so every"
        " statement (three per batch, and the enqueue) takes time from the"
        " sends; with PostgreSQL each is also a round trip through the driver."
        " The far end here answers in about a millisecond, so this shows;"
        " Twilio's answers take a hundred times longer."
    )


def _flatness(section: Section, per_message: dict[int, tuple[float, float]]) -> None:
    small = [n for n in per_message if n >= 1000]
    if len(small) < 2:
        return

    low, high = min(small), max(small)
    bot_growth = per_message[high][0] / per_message[low][0]
    plain_growth = per_message[high][1] / per_message[low][1]
    relative = bot_growth / plain_growth
    section.add(
        f"time per message, N={high:,} / N={low:,} (bot, over plain's)",
        f"{relative:.2f}",
        "<= 1.2",
        relative <= 1.2,
    )
    section.info.append(
        f"time per message N={high:,} / N={low:,}: bot {bot_growth:.2f},"
        f" plain {plain_growth:.2f}"
    )
    if relative > 1.2:
        section.limits.append("the bot's time per message grows with N")
