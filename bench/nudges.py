"""Nudge timing: waiting alerts fall due over a span; two workers fire them.

Needs the escalation module (``handlers/escalation.py`` with the periodic
job ``escalation.fire_due``) and PostgreSQL (BUURTALERT_BENCH_DATABASE_URL),
since two workers claim due steps side by side. The alerts are queued with
``handlers.escalation.start_chain`` given the due time as "now", so that
each alert's first step falls due then. Lateness is a nudge's arrival at the
far end minus its alert's due time; a duplicate is a second nudge of one
alert to one person.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import re
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import select

from bench.common import (
    PG_ENV,
    TEMPLATE,
    Section,
    create_schema,
    median,
    overrides,
    percentile,
    start_process,
    stop_process,
    write_config,
)
from bench.far_end import FarEnd
from bot.app import load_registry
from bot.db import Database
from models.alerts import Alert
from models.network import Neighbourhood
from models.network_import import import_network, load_network_file

JOB = "escalation.fire_due"
HOOK = "start_chain"
TARGET_P99 = 2.0
NUMBER = re.compile(r"#(\d+)")


def missing() -> str | None:
    """Why the benchmark cannot run here, or None."""
    try:
        escalation = importlib.import_module("handlers.escalation")
    except ImportError:
        return "skipped: needs handlers/escalation.py (issue 5)"
    if not any(job.id == JOB for job in load_registry(["handlers"]).jobs):
        return f"skipped: needs the periodic job {JOB!r} (issue 5)"
    if not hasattr(escalation, HOOK):
        return f"skipped: needs handlers.escalation.{HOOK}"
    if not os.environ.get(PG_ENV):
        return f"skipped: needs PostgreSQL; set {PG_ENV}"
    return None


def run(far: FarEnd, tmp: Path, alerts: int, spread: float) -> Section:
    section = Section("Nudge timing")
    section.info.append(f"2 workers, PostgreSQL, {alerts} alerts over {spread:g} s")
    section.skipped = missing()
    if section.skipped:
        return section

    url = os.environ[PG_ENV]
    due = _seed(url, alerts, spread)
    sections = overrides(url, far.base_url)
    # The admins never wrote to the bot: nudges go out as the template.
    sections["twilio.templates"] = {"nudge": TEMPLATE}
    config = write_config(tmp / "nudges.toml", sections)
    mark = far.total()
    args = ["-m", "bot", "--config", str(config), "worker"]
    workers = [start_process(args, tmp / f"nudge-{n}.log") for n in range(2)]
    try:
        time.sleep(spread + 10)
    finally:
        for worker in workers:
            stop_process(worker)

    _judge(section, due, far.received(mark))
    return section


def _seed(url: str, count: int, spread: float) -> dict[int, float]:
    """Alerts due from 5 s on, spread evenly; their due times (monotonic)."""
    escalation = importlib.import_module("handlers.escalation")
    create_schema(url)
    db = Database(url)
    offset = time.time() - time.monotonic()
    start = time.time() + 5
    due: dict[int, float] = {}
    with db.transaction() as session:
        import_network(session, load_network_file("data/katwijk.toml"))
        areas = session.scalars(select(Neighbourhood)).all()
        for n in range(count):
            at = start + spread * n / count
            alert = Alert(
                source="police", text=f"Bench {n}", neighbourhood=areas[n % len(areas)]
            )
            session.add(alert)
            session.flush()
            getattr(escalation, HOOK)(
                session,
                alert,
                alert.neighbourhood,
                dt.datetime.fromtimestamp(at, dt.UTC),
                escalation.EscalationSection(),
            )
            due[alert.id] = at - offset
    db.dispose()
    return due


def _judge(section: Section, due: dict[int, float], arrived) -> None:
    first: dict[int, float] = {}
    pairs: Counter[tuple[str, int]] = Counter()
    for to, at, text in arrived:
        found = NUMBER.search(text)
        if found and int(found[1]) in due:
            number = int(found[1])
            first[number] = min(at, first.get(number, at))
            pairs[to, number] += 1

    late = [max(0.0, first[n] - due[n]) for n in first]
    duplicates = sum(c - 1 for c in pairs.values())
    fired = len(first)
    if late:
        p99 = percentile(late, 0.99)
        section.add(
            "p99 lateness", f"{p99 * 1000:.0f} ms", "< 2000 ms", p99 < TARGET_P99
        )
        section.info.append(f"median lateness {median(late) * 1000:.0f} ms")
    section.add("alerts nudged", f"{fired} of {len(due)}", "all", fired == len(due))
    section.add("duplicate nudges", str(duplicates), "0", duplicates == 0)
