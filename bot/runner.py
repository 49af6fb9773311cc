"""The worker's clock: APScheduler with a few periodic jobs of stable ids.

``outbox.deliver`` sends due messages, ``conversations.expire`` ends quiet
conversations, and plugins add their own (such as escalation steps). Due
work lives in database rows; a job only looks for it, so a restart loses
nothing and several workers can run side by side.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler

from bot import conversations, delivery
from bot.context import Recipient
from bot.outbox import Outgoing, enqueue
from bot.worker import Worker

log = logging.getLogger(__name__)


class Runner:
    """Runs the worker's periodic jobs in background threads."""

    def __init__(self, bot: Any) -> None:
        self.bot = bot
        self.worker = Worker(
            bot.db,
            bot.config,
            bot.make_transport(),
            clock=bot.clock,
            on_opt_out=bot.on_opt_out,
        )
        bot.extensions["worker"] = self.worker
        self.scheduler = BackgroundScheduler(timezone=dt.UTC)
        self._stop = threading.Event()
        self._waker = threading.Thread(target=self._wake_loop, daemon=True)

    def start(self) -> None:
        delivery.warn_missing_templates(self.bot.config)
        poll = self.bot.config.worker.poll_interval.total_seconds()
        self._add("outbox.deliver", poll, self.worker.deliver_due)
        self._add("conversations.expire", 30, lambda: expire_conversations(self.bot))
        for job in self.bot.registry.jobs:
            seconds = job.interval(self.bot.config)
            self._add(job.id, seconds, lambda func=job.func: func(self.bot))
        self.scheduler.start()
        self._waker.start()
        log.info("worker started with %d jobs", len(self.scheduler.get_jobs()))

    def _add(self, job_id: str, seconds: float, func: Any) -> None:
        self.scheduler.add_job(
            _logged(job_id, func),
            "interval",
            seconds=seconds,
            id=job_id,
            max_instances=1,
            coalesce=True,
            replace_existing=True,
            next_run_time=dt.datetime.now(dt.UTC),
        )

    def _wake_loop(self) -> None:
        """Deliver at once when this process queued something."""
        while not self._stop.is_set():
            if self.bot.wake.wait(timeout=1):
                self.bot.wake.clear()
                job = self.scheduler.get_job("outbox.deliver")
                if job is not None:
                    job.modify(next_run_time=dt.datetime.now(dt.UTC))

    def stop(self) -> None:
        self._stop.set()
        self.worker.stopping.set()  # the delivery job ends after its batch
        self.scheduler.shutdown(wait=True)
        self.worker.close()
        log.info("worker stopped")


def _logged(job_id: str, func: Any) -> Any:
    def run() -> None:
        try:
            func()
        except Exception:
            log.exception("job %s failed", job_id)

    return run


def expire_conversations(bot: Any) -> int:
    """End conversations that went quiet, each with a message."""
    now = bot.clock()
    with bot.db.transaction() as session:
        rows = conversations.expired(session, now)
        messages = []
        for row in rows:
            key = f"conversation.{row.name}.timeout"
            if key not in bot.texts:
                key = "conversation.timeout"
            recipient = Recipient(row.address, row.language)
            body = bot.texts.get(key, recipient.language)
            messages.append(Outgoing(row.address, body, kind="reply"))
            session.delete(row)
        enqueue(session, messages, now)

    return len(rows)
