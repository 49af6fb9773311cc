"""The worker: sends due outbox rows and records what happened.

It claims about a second's worth of rows at a time, sends them through the
transport on a bounded pool of threads, each send waiting its turn at the
sender's throttle, and records every outcome in one short transaction; the
next batch is claimed while the last one is on its way.
Statuses that Twilio reported before that transaction are applied in it
(see :mod:`bot.delivery`).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot import contacts, delivery, outbox
from bot.config import Config
from bot.db import Database, utcnow
from bot.errors import DeliveryError, RetryLater, SlowDown
from bot.outbox import OutboxMessage
from bot.privacy import mask_phone
from bot.throttle import Throttle
from bot.transports.base import OutgoingMessage, SendResult, Transport

log = logging.getLogger(__name__)

# WhatsApp template variables hold at most 1024 characters.
TEMPLATE_VARIABLE_MAX = 1024


@dataclass
class Flight:
    """A claimed batch on its way out."""

    rows: list[OutboxMessage]
    messages: list[OutgoingMessage | str]
    futures: list[Future[list[Outcome]]]


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
        self.policy = delivery.Policy.of(config, clock=clock, on_opt_out=on_opt_out)
        self.throttle = Throttle(config.twilio.messages_per_second)
        self.stopping = threading.Event()
        self.threads = config.worker.threads
        self.pool = ThreadPoolExecutor(
            max_workers=self.threads, thread_name_prefix="send"
        )

    def deliver_due(self, max_batches: int = 1000) -> int:
        """Send due rows until none are left; returns how many were tried.

        The next batch is claimed and started while the last one is still
        being sent, so the senders rarely wait for the database. A recipient
        with a message in flight waits for it (see
        :func:`bot.outbox.claim_due`).
        """
        with self.db.transaction() as session:
            delivery.apply_early(session, self.policy)

        total = 0
        flight: Flight | None = None
        for _ in range(max_batches):
            if self.stopping.is_set():
                break  # what is not claimed stays in the outbox for next time
            rows, messages = self._claim()
            launched = self._launch(rows, messages) if rows else None
            if flight is not None:
                self._land(flight)
            elif launched is None:
                break
            flight = launched
            total += len(rows)
        if flight is not None:
            self._land(flight)

        return total

    def _claim(self) -> tuple[list[OutboxMessage], list[OutgoingMessage | str]]:
        # About one second's worth at the sender's rate, so that outcomes are
        # recorded soon after the sends.
        rate = int(self.config.twilio.messages_per_second)
        size = min(self.config.worker.batch_size, max(self.threads, rate))
        with self.db.transaction() as session:
            rows = outbox.claim_due(
                session, size, self.clock(), self.config.worker.sending_timeout
            )
            return rows, self._prepare(session, rows)

    def _launch(
        self, rows: list[OutboxMessage], messages: list[OutgoingMessage | str]
    ) -> Flight:
        # One task per recipient, so that one person's messages (the parts of
        # a long text, a reply after an alert) arrive in the order claimed.
        by_recipient: dict[str, list[OutgoingMessage]] = {}
        for message in messages:
            if isinstance(message, OutgoingMessage):
                by_recipient.setdefault(message.to, []).append(message)
        futures = [
            self.pool.submit(self._send_in_order, group)
            for group in by_recipient.values()
        ]

        return Flight(rows, messages, futures)

    def _land(self, flight: Flight) -> None:
        """Wait for a batch's sends and record their outcomes."""
        outcomes = {o.row_id: o for f in flight.futures for o in f.result()}
        with self.db.transaction() as session:
            self._record(session, flight.rows, flight.messages, outcomes)
            session.flush()
            delivery.apply_early(session, self.policy)

    def _prepare(
        self, session: Session, rows: list[OutboxMessage]
    ) -> list[OutgoingMessage | str]:
        known = contacts.get_many(session, [row.recipient for row in rows])
        now = self.clock()

        return [self._message(row, known.get(row.recipient), now) for row in rows]

    def _message(
        self, row: OutboxMessage, contact: contacts.Contact | None, now: dt.datetime
    ) -> OutgoingMessage | str:
        """The message to send for ``row``, or why it cannot be sent."""
        opted_out = contact is not None and contact.opted_out_at is not None
        if opted_out and row.kind != outbox.FAREWELL:
            return "opted out"

        callback = self.config.bot.public_url.rstrip("/") + "/twilio/status"
        if not row.use_template and contacts.in_window(contact, now):
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
                break  # the rest waits for this one, in order

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
        except Exception as err:  # a garbled answer, a bug in a transport
            # One message's trouble must not sink the batch: the others'
            # outcomes are recorded, and this one is tried again later.
            # The error's text may quote the recipient: type only above DEBUG.
            log.error(
                "unexpected %s sending outbox row %s",
                type(err).__name__,
                message.outbox_id,
            )
            log.debug("the unexpected error in full", exc_info=True)
            error = RetryLater(f"unexpected {type(err).__name__}")
            return Outcome(message.outbox_id, error=error)

        log.debug("sent outbox row %s as %s", message.outbox_id, result.sid)
        return Outcome(message.outbox_id, result=result)

    def _record(
        self,
        session: Session,
        rows: list[OutboxMessage],
        messages: list[OutgoingMessage | str],
        outcomes: dict[int, Outcome],
    ) -> None:
        sent = {
            row_id: outcome.result.sid
            for row_id, outcome in outcomes.items()
            if outcome.result is not None
        }
        outbox.mark_sent(session, sent)
        rest = [(r, m) for r, m in zip(rows, messages, strict=True) if r.id not in sent]
        fresh = outbox.by_ids(session, [row.id for row, _message in rest])
        # A recipient whose message failed: their later ones wait behind it.
        held: dict[str, dt.datetime] = {}
        for claimed, message in rest:
            row = fresh[claimed.id]
            outcome = outcomes.get(row.id)
            if isinstance(message, str):
                row.attempts += 1
                delivery.fail(row, None, message)
            elif outcome is None:
                self._hold(row, held.get(row.recipient))
            else:
                row.attempts += 1
                self._record_outcome(session, row, outcome)
                if row.state == "pending":
                    held[row.recipient] = row.next_attempt_at

    def _record_outcome(
        self, session: Session, row: OutboxMessage, outcome: Outcome
    ) -> None:
        if outcome.error is not None:
            log.debug(
                "message %s to %s: %s", row.id, mask_phone(row.recipient), outcome.error
            )
            delivery.handle_failure(session, row, outcome.error, self.policy)

    def _hold(self, row: OutboxMessage, until: dt.datetime | None) -> None:
        """Put back a row that was not tried because an earlier one failed."""
        row.state = "pending"
        if until is not None and until > row.next_attempt_at:
            row.next_attempt_at = until

    def close(self) -> None:
        self.stopping.set()
        self.pool.shutdown(wait=True)
        self.transport.close()
