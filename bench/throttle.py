"""Throttle: the rate the worker keeps, as the far end's clock sees it.

Each run queues enough messages to keep the worker busy for about
``seconds`` at the configured rate (rate x (seconds + 1): the first second's
messages leave at once) and lets the worker send them. The achieved rate is
the mean count over the whole one-second windows that follow the first
arrival, which is the rate for an even sender and for one that goes in
bursts alike. Every sliding one-second window is counted too.
"""

from __future__ import annotations

import bisect
import math
import time
from pathlib import Path

from bench import seed
from bench.common import Section, create_schema, overrides, recipients
from bench.far_end import ACCOUNT_SID, AUTH_TOKEN, FarEnd
from bot.config import load_config
from bot.db import Database
from bot.outbox import Outgoing, enqueue
from bot.transports.twilio import TwilioTransport
from bot.worker import Worker

RATES = (10, 80)
TARGET_SHARE = 0.95


def run(far: FarEnd, tmp: Path, seconds: float) -> Section:
    section = Section("Throttle")
    section.info.append(f"SQLite, about {seconds:g} s per rate")
    url = f"sqlite:///{tmp / 'throttle.db'}"
    create_schema(url)
    for rate in RATES:
        size = int(rate * (seconds + 1))
        times = _send_at(far, url, rate, recipients(size, offset=rate * 100000))
        _judge(section, rate, times)

    return section


def _send_at(far: FarEnd, url: str, rate: int, to: list[str]) -> list[float]:
    config = load_config(None, overrides(url, far.base_url, per_second=rate))
    db = Database(url)
    seed.in_window(db, to)
    transport = TwilioTransport(
        ACCOUNT_SID,
        AUTH_TOKEN,
        whatsapp_from=config.twilio.whatsapp_from,
        api_base=far.base_url,
        pool_size=config.worker.threads,
    )
    worker = Worker(db, config, transport)
    mark = far.total()
    with db.transaction() as session:
        enqueue(session, [Outgoing(r, "Test", kind="alert", topic="t") for r in to])

    start = time.perf_counter()
    worker.deliver_due()
    elapsed = time.perf_counter() - start
    worker.close()
    db.dispose()

    times = sorted(t for _, t, _ in far.received(mark))
    if len(times) != len(to):
        raise RuntimeError(f"{len(times)} of {len(to)} messages arrived")
    return [t - times[0] for t in times] + [elapsed]


def _judge(section: Section, rate: int, times_and_elapsed: list[float]) -> None:
    *times, elapsed = times_and_elapsed
    count = len(times)
    achieved = mean_rate(times)
    share = achieved / rate
    busiest = max_in_window(times)

    section.add(
        f"{rate}/s: achieved / configured rate",
        f"{share:.1%}",
        f">= {TARGET_SHARE:.0%}",
        share >= TARGET_SHARE,
    )
    section.add(
        f"{rate}/s: most messages in any 1 s window",
        str(busiest),
        f"<= {rate}",
        busiest <= rate,
    )
    section.info.append(
        f"{rate}/s: {count} messages in {elapsed:.1f} s, {achieved:.1f} msg/s"
    )
    if share < TARGET_SHARE:
        section.limits.append(
            f"{rate}/s: the worker claims and records a batch between bursts,"
            " and the throttle's window starts again only after that"
        )
    if busiest > rate:
        section.limits.append(
            f"{rate}/s: the throttle admits the next burst the moment the first"
            " start of the last one is a second old, on the bot's clock, with no"
            " margin; a few milliseconds of jitter on the way put more than the"
            " rate into one second at the far end (Twilio counts there)"
        )


def max_in_window(times: list[float], window: float = 1.0) -> int:
    """The most times in any half-open interval [t, t + window)."""
    return max(
        bisect.bisect_left(times, start + window) - index
        for index, start in enumerate(times)
    )


def mean_rate(times: list[float]) -> float:
    """Arrivals per whole one-second window from the first arrival on."""
    windows = max(1, math.floor(times[-1] - times[0]))
    inside = bisect.bisect_left(times, times[0] + windows)
    return inside / windows
