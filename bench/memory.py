"""Memory: the worker process's peak resident memory during a fan-out.

``python -m bot worker`` runs in a subprocess against the far end, with N
due messages in its outbox; its VmHWM is read just before it is stopped.
"""

from __future__ import annotations

import time
from pathlib import Path

from bench import seed
from bench.common import (
    Section,
    create_schema,
    overrides,
    peak_rss_mb,
    recipients,
    start_process,
    stop_process,
    wait_until,
    write_config,
)
from bench.far_end import FarEnd
from bot.db import Database
from bot.outbox import Outgoing, enqueue

LIMIT_MB = 150


def run(far: FarEnd, tmp: Path, size: int) -> Section:
    section = Section("Memory")
    section.info.append(f"python -m bot worker, SQLite, a fan-out of {size:,}")
    url = f"sqlite:///{tmp / 'memory.db'}"
    create_schema(url)
    to = recipients(size, offset=5_000_000)
    db = Database(url)
    seed.in_window(db, to)
    with db.transaction() as session:
        enqueue(session, [Outgoing(r, "Test", kind="alert", topic="m") for r in to])
    db.dispose()

    config = write_config(tmp / "memory.toml", overrides(url, far.base_url))
    mark = far.total()
    start = time.perf_counter()
    worker = start_process(
        ["-m", "bot", "--config", str(config), "worker"], tmp / "memory.log"
    )
    try:
        wait_until(lambda: far.total() - mark >= size, 600, "the fan-out")
        elapsed = time.perf_counter() - start
        peak = peak_rss_mb(worker.pid)
    finally:
        stop_process(worker)

    section.add(
        "peak RSS of the worker", f"{peak:.0f} MB", f"< {LIMIT_MB} MB", peak < LIMIT_MB
    )
    section.info.append(f"{size:,} messages sent in {elapsed:.1f} s, start-up included")
    if peak >= LIMIT_MB:
        section.limits.append("the worker's memory grows with the fan-out")
    return section
