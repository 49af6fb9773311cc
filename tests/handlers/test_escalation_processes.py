"""Escalation under real conditions: two workers, a killed worker, real time."""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import threading
import time
from itertools import pairwise

import pytest
import requests

from bot.outbox import OutboxMessage
from handlers.escalation import fire_due
from tests import twilio_forms
from tests.conftest import TEST_DB_ENV
from tests.handlers.bot_process import all_steps, prepare, start, stop, write_config
from tests.handlers.conftest import outbox_rows
from tests.handlers.escalation_helpers import (
    ANJA,
    JOKE,
    PIETER,
    POLICE,
    SANNE,
    WILLEM,
    new_alert,
    nudge_events,
)

ONE_SECOND_CHAIN = {
    "check_every": "1s",
    "remind_every": "1s",
    "max_reminders": 2,
    "steps": [
        {"notify": "primary", "wait": "1s"},
        {"notify": "backups", "wait": "1s"},
        {"notify": "coordinators", "wait": "1s"},
        {"notify": "admin_group"},
    ],
}


def wait_for(condition, seconds: float, step: float = 0.1):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(step)

    return condition()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def file_config(tmp_path, port: int = 8080, plugins=("handlers",)):
    return write_config(
        tmp_path / "config.toml",
        {
            "bot": {
                "public_url": f"http://127.0.0.1:{port}",
                "secret_key": "test-secret",
                "plugins": list(plugins),
            },
            "database": {"url": f"sqlite:///{tmp_path / 'bot.db'}"},
            "twilio": {
                "account_sid": twilio_forms.ACCOUNT_SID,
                "auth_token": twilio_forms.AUTH_TOKEN,
                "whatsapp_from": twilio_forms.BOT_NUMBER,
                "messages_per_second": 1000,
            },
            # Admins who never wrote to the bot are outside the 24-hour window.
            "twilio.templates": {"nudge": "HX" + "1" * 32},
            "worker": {"transport": "local", "poll_interval": "200ms"},
            "escalation": ONE_SECOND_CHAIN,
        },
    )


@pytest.mark.skipif(not os.environ.get(TEST_DB_ENV), reason="needs PostgreSQL")
def test_two_workers_on_postgresql_fire_no_step_twice(escalation_bot, escalation_clock):
    first, second = escalation_bot(), escalation_bot()
    numbers = [new_alert(first) for _ in range(200)]
    escalation_clock.advance(minutes=15)  # primary, backups, coordinators are due
    ready = threading.Barrier(2)
    fired = {}

    def work(bot, name):
        ready.wait()
        fired[name] = sum(iter(lambda: fire_due(bot), 0))

    threads = [
        threading.Thread(target=work, args=(bot, name))
        for bot, name in ((first, "first"), (second, "second"))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    expected = {(number, step): 1 for number in numbers for step in (1, 2, 3)}
    assert nudge_events(first) == expected
    assert fired["first"] + fired["second"] == 200 * 3
    steps = [step for step in all_steps(first) if step.state == "fired"]
    assert [step.position for step in steps] == [1, 2, 3] * 200
    assert len({step.claimed_by for step in steps}) == 2
    assert len(outbox_rows(first, kind="nudge")) == 200 * (1 + 2 + 2)


@pytest.mark.slow
def test_killed_worker_fires_every_overdue_step_once_after_restart(tmp_path):
    config = file_config(tmp_path)
    bot = prepare(config)
    numbers = [new_alert(bot) for _ in range(20)]
    log = tmp_path / "worker.log"

    worker = start(bot, config, log, "worker")
    try:
        assert wait_for(lambda: nudge_events(bot), 10), log.read_text()
        time.sleep(0.5)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    time.sleep(2)  # more steps fall due while no worker runs

    restarted_at = dt.datetime.now(dt.UTC)
    overdue = [s for s in all_steps(bot) if s.state == "pending" and s.due_at]
    assert overdue, "no step was due at the restart"
    worker = start(bot, config, log, "worker")
    try:
        within = restarted_at + dt.timedelta(seconds=5)
        for step in overdue:
            assert wait_for(lambda s=step: _fired_at(bot, s.id), 6), log.read_text()
            assert _fired_at(bot, step.id) <= within
        assert wait_for(lambda: len(nudge_events(bot)) == 20 * 6, 15), log.read_text()
    finally:
        stop(worker)

    expected = {(number, step): 1 for number in numbers for step in range(1, 7)}
    assert nudge_events(bot) == expected
    bot.db.dispose()


def _fired_at(bot, step_id):
    return {s.id: s.fired_at for s in all_steps(bot)}[step_id]


@pytest.mark.slow
def test_police_alert_through_the_webhook_nudges_in_order_in_real_time(tmp_path):
    port = free_port()
    plugins = ("handlers",)
    config = file_config(tmp_path, port, plugins)
    bot = prepare(config)
    server = start(bot, config, tmp_path / "serve.log", "serve", "--port", str(port))
    try:
        assert wait_for(lambda: _answers(port), 15), (
            tmp_path / "serve.log"
        ).read_text()
        form = twilio_forms.inbound(
            POLICE, "Inbraak gemeld aan de Voorbeeldlaan, 2224 AA"
        )
        url = f"http://127.0.0.1:{port}/twilio/whatsapp"
        signature = twilio_forms.sign(url, form)
        response = requests.post(
            url, data=form, headers={"X-Twilio-Signature": signature}, timeout=10
        )
        assert response.status_code == 200
        assert wait_for(lambda: _chain_done(bot), 15)
        assert wait_for(lambda: all(r.state == "queued" for r in _nudges(bot)), 5)
    finally:
        stop(server)

    _assert_chain_in_order(bot)
    bot.db.dispose()


def _answers(port: int) -> bool:
    try:
        requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
    except requests.ConnectionError:
        return False

    return True


def _chain_done(bot) -> bool:
    steps = all_steps(bot)
    return bool(steps) and all(step.state == "fired" for step in steps)


def _nudges(bot) -> list[OutboxMessage]:
    return outbox_rows(bot, kind="nudge")


def _assert_chain_in_order(bot) -> None:
    rows = _nudges(bot)
    first_to = {}
    for row in rows:
        first_to.setdefault(row.recipient.removeprefix("whatsapp:"), row)
    order = [first_to[phone].id for phone in (JOKE, PIETER, ANJA)]
    assert order == sorted(order)
    assert first_to[SANNE].id < first_to[WILLEM].id

    steps = [s for s in all_steps(bot) if s.kind != "taken"]
    assert [s.state for s in steps] == ["fired"] * 6
    gaps = [(b.fired_at - a.fired_at).total_seconds() for a, b in pairwise(steps)]
    assert all(0.9 <= gap <= 3 for gap in gaps), gaps
    assert all(row.state == "queued" for row in rows)  # the worker sent them
    assert len([r for r in rows if r.recipient == f"whatsapp:{JOKE}"]) == 1 + 1 + 2
