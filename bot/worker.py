"""The worker: sends due outbox rows and records what happened.

One pass claims a batch, sends it through the transport on a bounded pool
of threads, each send waiting its turn at the sender's throttle, and
records every outcome in one transaction.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot import contacts, outbox
from bot.config import Config
from bot.db import Database, utcnow
from bot.errors import (
    DeliveryError,
    OptedOut,
    OutsideWindow,
    RetryLater,
    SlowDown,
)
from bot.outbox import OutboxMessage
from bot.privacy import mask_phone
from bot.throttle import Throttle
from bot.transports.base import OutgoingMessage, SendResult, Transport

log = logging.getLogger(__name__)

# WhatsApp template variables hold at most 1024 characters.
TEMPLATE_VARIABLE_MAX = 1024


@dataclass
class Outcome:
    row_id: int
    result: SendResult | None = None
    error: DeliveryError | None = None


class Worker:
    """Delivers the outbox through ``transport``."""

    def __init__(
        self,
        db: Database,
        config: Config,
        transport: Transport,
        clock: Callable[[], dt.datetime] = utcnow,
        on_opt_out: Callable[[Session, str], None] | None = None,
    ) -> None:
        self.db = db
        self.config = config
        self.transport = transport
        self.clock = clock
        self.on_opt_out = on_opt_out
        self.throttle = Throttle(config.twilio.messages_per_second)
        self.pool = ThreadPoolExecutor(
            max_workers=config.worker.threads, thread_name_prefix="send"
        )

    def deliver_due(self, max_batches: int = 1000) -> int:
        """Send due rows until none are left; returns how many were tried."""
        total = 0
        for _ in range(max_batches):
            tried = self.deliver_batch()
            total += tried
            if tried == 0:
                break

        return total

    def deliver_batch(self) -> int:
        # About one second's worth at the sender's rate, so that outcomes are
        # recorded soon after the sends (status callbacks follow quickly).
        rate = int(self.config.twilio.messages_per_second)
        batch = min(self.config.worker.batch_size, max(self.pool._max_workers, rate))
        stale = self.config.worker.sending_timeout
        with self.db.transaction() as session:
            rows = outbox.claim_due(session, batch, self.clock(), stale)
            messages = [self._prepare(session, row) for row in rows]
        if not rows:
            return 0

        # One task per recipient, so that one person's messages (the parts of
        # a long text, a reply after an alert) arrive in the order queued.
        by_recipient: dict[str, list[OutgoingMessage]] = {}
        for message in messages:
            if isinstance(message, OutgoingMessage):
                by_recipient.setdefault(message.to, []).append(message)
        outcomes = [
            outcome
            for group in self.pool.map(self._send_in_order, by_recipient.values())
            for outcome in group
        ]
        with self.db.transaction() as session:
            self._record(session, rows, messages, outcomes)

        return len(rows)

    def _prepare(self, session: Session, row: OutboxMessage) -> OutgoingMessage | str:
        """The message to send for ``row``, or why it cannot be sent."""
        contact = contacts.get(session, row.recipient)
        opted_out = contact is not None and contact.opted_out_at is not None
        if opted_out and row.kind != outbox.FAREWELL:
            return "opted out"

        callback = self.config.bot.public_url.rstrip("/") + "/twilio/status"
        if not row.use_template and contacts.in_window(contact, self.clock()):
            return OutgoingMessage(
                to=row.recipient,
                body=row.body,
                status_callback=callback,
                outbox_id=row.id,
            )

        content_sid = self.config.twilio.templates.get(row.kind)
        if not content_sid:
            return f"no template configured for kind {row.kind!r}"
        variables = row.template_vars or {"1": row.body[:TEMPLATE_VARIABLE_MAX]}

        return OutgoingMessage(
            to=row.recipient,
            body=row.body,
            content_sid=content_sid,
            content_variables=variables,
            status_callback=callback,
            buttons=tuple((b[0], b[1]) for b in row.buttons),
            outbox_id=row.id,
        )

    def _send_in_order(self, messages: list[OutgoingMessage]) -> list[Outcome]:
        outcomes = []
        for message in messages:
            outcome = self._send(message)
            outcomes.append(outcome)
            if outcome.error is not None:
                break  # the rest waits for this one's retry, in order

        return outcomes

    def _send(self, message: OutgoingMessage) -> Outcome:
        assert message.outbox_id is not None
        self.throttle.acquire()
        try:
            result = self.transport.send(message)
        except DeliveryError as err:
            if isinstance(err, SlowDown):
                self.throttle.slow_down()
            return Outcome(message.outbox_id, error=err)

        log.info("sent message %s to %s", result.sid, mask_phone(message.to))
        return Outcome(message.outbox_id, result=result)

    def _record(
        self,
        session: Session,
        rows: list[OutboxMessage],
        messages: list[OutgoingMessage | str],
        outcomes: list[Outcome],
    ) -> None:
        by_id = {o.row_id: o for o in outcomes}
        fresh = outbox.by_ids(session, [row.id for row in rows])
        for claimed, message in zip(rows, messages, strict=True):
            row = fresh[claimed.id]
            outcome = by_id.get(row.id)
            if isinstance(message, str):
                row.attempts += 1
                self._fail(row, None, message)
            elif outcome is None:
                row.state = "pending"  # not tried: an earlier message waits
            elif outcome.result is not None:
                row.attempts += 1
                row.state = "queued"
                row.sid = outcome.result.sid
            elif outcome.error is not None:
                row.attempts += 1
                self._handle_error(session, row, outcome.error)

    def _handle_error(
        self, session: Session, row: OutboxMessage, error: DeliveryError
    ) -> None:
        if isinstance(error, RetryLater):
            self._retry(row, error)
        elif isinstance(error, OutsideWindow) and not row.use_template:
            row.use_template = True
            row.state = "pending"
            row.next_attempt_at = self.clock()
        elif isinstance(error, OptedOut):
            contacts.set_opted_out(session, row.recipient, True)
            if self.on_opt_out is not None:
                self.on_opt_out(session, row.recipient)
            self._fail(row, error.code, "opted out")
        else:
            log.warning(
                "message %s to %s failed permanently: code %s",
                row.id,
                mask_phone(row.recipient),
                error.code,
            )
            self._fail(row, error.code, str(error)[:200])

    def _retry(self, row: OutboxMessage, error: RetryLater) -> None:
        if row.attempts >= self.config.worker.max_attempts:
            self._fail(row, error.code, f"gave up after {row.attempts} attempts")
            return

        base = self.config.worker.retry_base.total_seconds()
        backoff = base * 2 ** (row.attempts - 1)
        delay = max(error.seconds or 0, backoff * random.uniform(0.5, 1.5))  # noqa: S311
        row.state = "pending"
        row.error_code = error.code
        row.next_attempt_at = self.clock() + dt.timedelta(seconds=delay)
        log.debug("message %s retries in %.1fs", row.id, delay)

    def _fail(self, row: OutboxMessage, code: int | None, reason: str) -> None:
        row.state = "failed"
        row.error_code = code
        row.error_reason = reason

    def close(self) -> None:
        self.pool.shutdown(wait=True)
        self.transport.close()
