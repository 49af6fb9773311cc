"""Alert latency: a police message posted to the webhook, until the first
admin message is accepted by the far end.

The bot runs as in production on one machine (``serve``, with its embedded
worker) over SQLite with the Katwijk demo network. Times on both sides are
``time.monotonic()``, one clock for every process on Linux.
"""

from __future__ import annotations

import time
from pathlib import Path

import requests
from sqlalchemy import select
from twilio.request_validator import RequestValidator

from bench.common import (
    TEMPLATE,
    Section,
    answers,
    create_schema,
    free_port,
    median,
    overrides,
    percentile,
    start_process,
    stop_process,
    wait_until,
    write_config,
)
from bench.far_end import AUTH_TOKEN, FarEnd
from bot.app import load_registry
from bot.db import Database
from models.network import Person
from models.network_import import import_network, load_network_file
from tests.twilio_forms import inbound

TARGET_P95 = 1.0
TIMEOUT = 10.0

NEEDS = "skipped: needs the police handler (issue 4: a default handler for role police)"


def has_police_handler() -> bool:
    registry = load_registry(["handlers"])
    return any(role == "police" for role, _ in registry.defaults)


def run(far: FarEnd, tmp: Path, alerts: int) -> Section:
    section = Section("Alert latency")
    section.info.append(f"serve with its worker, SQLite, {alerts} alerts")
    if not has_police_handler():
        section.skipped = NEEDS
        return section

    url = f"sqlite:///{tmp / 'latency.db'}"
    police, admins = _network(url)
    port = free_port()
    server = _serve(far, tmp, url, port)
    try:
        wait_until(lambda: answers(f"http://127.0.0.1:{port}/healthz"), 60, "the bot")
        latencies, lost = _measure(far, port, police, admins, alerts)
    finally:
        stop_process(server)

    _judge(section, latencies, lost)
    return section


def _network(url: str) -> tuple[str, set[str]]:
    create_schema(url)
    db = Database(url)
    with db.transaction() as session:
        report = import_network(session, load_network_file("data/katwijk.toml"))
        assert report.ok, report
    with db.transaction() as session:
        people = session.scalars(select(Person)).all()
        police = next(p.whatsapp_address for p in people if p.role == "police")
        admins = {
            p.whatsapp_address
            for p in people
            if p.role in ("primary", "backup", "coordinator")
        }
    db.dispose()
    return police, admins


def _serve(far: FarEnd, tmp: Path, url: str, port: int):
    sections = overrides(url, far.base_url)
    sections["bot"]["public_url"] = f"http://127.0.0.1:{port}"
    kinds = ("alert", "nudge", "reply", "notice", "welcome")
    sections["twilio.templates"] = dict.fromkeys(kinds, TEMPLATE)
    config = write_config(tmp / "latency.toml", sections)
    args = ["-m", "bot", "--config", str(config), "serve", "--threads", "2"]
    return start_process([*args, "--port", str(port)], tmp / "latency.log")


def _measure(far, port, police, admins, alerts) -> tuple[list[float], int]:
    public = f"http://127.0.0.1:{port}/twilio/whatsapp"
    validator = RequestValidator(AUTH_TOKEN)
    session = requests.Session()
    latencies: list[float] = []
    lost = 0
    for number in range(alerts):
        form = inbound(police, f"Inbraak gemeld aan de Zeeweg {number + 1}, 2225 AB.")
        headers = {"X-Twilio-Signature": validator.compute_signature(public, form)}
        mark = far.total()
        posted = time.monotonic()
        session.post(public, data=form, headers=headers, timeout=30)
        arrived = _first_to(far, mark, admins, posted + TIMEOUT)
        if arrived is None:
            lost += 1
        else:
            latencies.append(arrived - posted)
    return latencies, lost


def _first_to(far: FarEnd, mark: int, admins: set[str], deadline: float):
    while time.monotonic() < deadline:
        for to, at, _ in far.received(mark):
            if to in admins:
                return at
        time.sleep(0.002)
    return None


def _judge(section: Section, latencies: list[float], lost: int) -> None:
    if not latencies:
        section.add("alerts that reached an admin", "0", "all", False)
        section.limits.append("no alert reached an admin within 10 s")
        return

    p95 = percentile(latencies, 0.95)
    section.add("p95 latency", f"{p95 * 1000:.0f} ms", "< 1000 ms", p95 < TARGET_P95)
    section.add("alerts that reached no admin in 10 s", str(lost), "0", lost == 0)
    section.info.append(
        f"median {median(latencies) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms,"
        f" max {max(latencies) * 1000:.0f} ms"
    )
    if p95 >= TARGET_P95:
        section.limits.append("the alert waits for the worker's next poll")
