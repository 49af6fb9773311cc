"""Workers that die, and workers side by side: nothing lost, nothing twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bot.app import BotApp
from bot.db import Database
from bot.worker import Worker
from tests import twilio_forms
from tests.bot.conftest import (
    DELIVERY_PLUGINS,
    arrivals_by_to,
    people,
    queue,
    wrote_today,
)
from tests.conftest import TEST_DB_ENV
from tests.fakes.twilio_api import FakeTwilio

ROOT = Path(__file__).resolve().parents[2]
BATCH = 40


def worker_config(path: Path, database_url: str, fake: FakeTwilio) -> Path:
    """A config file for ``python -m bot worker`` aimed at the fake."""
    path.write_text(
        f"""
[bot]
plugins = {list(DELIVERY_PLUGINS)!r}
public_url = "http://127.0.0.1:9"

[database]
url = "{database_url}"

[twilio]
account_sid = "{fake.account_sid}"
auth_token = "{fake.auth_token}"
whatsapp_from = "{twilio_forms.BOT_NUMBER}"
api_base = "{fake.base_url}"
messages_per_second = 200

[twilio.templates]
alert = "HX{"a" * 32}"

[worker]
poll_interval = "100ms"
threads = 8
batch_size = {BATCH}
retry_base = "10ms"
sending_timeout = "2s"
""",
        encoding="utf-8",
    )

    return path


def start_worker(config: Path, log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "bot", "--config", str(config), "worker"]
    with log.open("ab") as output:
        return subprocess.Popen(
            command, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT
        )


def wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.02)


def test_worker_killed_mid_fan_out_loses_nothing_when_restarted(
    twilio_bot, fake_twilio: FakeTwilio, database_url: str, tmp_path: Path
) -> None:
    bot: BotApp = twilio_bot()
    everyone = people(600)
    wrote_today(bot, everyone)
    queue(bot, everyone)
    fake_twilio.slow(0.01)
    config = worker_config(tmp_path / "worker.toml", database_url, fake_twilio)
    log = tmp_path / "worker.log"

    first = start_worker(config, log)
    try:
        wait_until(lambda: len(fake_twilio.messages) >= 150, 20, log.read_text())
    finally:
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=5)
    killed_at = len(fake_twilio.messages)
    second = start_worker(config, log)
    try:
        wait_until(lambda: set(arrivals_by_to(fake_twilio)) == set(everyone), 30, "")
        time.sleep(0.3)  # anything still to come would come now
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=10)

    arrived = arrivals_by_to(fake_twilio)
    duplicates = sum(count - 1 for count in arrived.values())
    assert set(arrived) == set(everyone)
    assert killed_at < len(everyone)
    # Only what was in flight can go twice: the batch being sent and the one
    # claimed while it was on its way.
    assert duplicates <= 2 * BATCH
    assert second.returncode == 0


@pytest.mark.skipif(not os.environ.get(TEST_DB_ENV), reason="needs PostgreSQL")
def test_two_workers_on_postgresql_never_send_a_row_twice(
    twilio_bot, fake_twilio: FakeTwilio
) -> None:
    bot: BotApp = twilio_bot(worker={"batch_size": 25})
    everyone = people(1000)
    wrote_today(bot, everyone)
    queue(bot, everyone)
    fake_twilio.slow(0.002)
    workers = [
        Worker(Database(bot.config.database.url), bot.config, bot.make_transport())
        for _ in range(2)
    ]
    tried = [0, 0]

    def run(index: int) -> None:
        tried[index] = workers[index].deliver_due()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for worker in workers:
        worker.pool.shutdown()
        worker.db.dispose()

    arrived = arrivals_by_to(fake_twilio)
    assert set(arrived) == set(everyone)
    assert set(arrived.values()) == {1}
    assert sum(tried) == 1000
    assert min(tried) > 0  # both took part
