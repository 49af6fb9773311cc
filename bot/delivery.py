"""What happens to an outbox row after a send failed or Twilio reported on it.

The worker (a refusal on create) and the status callback (a failed or
undelivered message) share one set of rules: Twilio's error code says what
the failure means (:func:`bot.transports.twilio.error_for_code`), and
:func:`handle_failure` acts on it.

A status callback can arrive before the worker recorded the message's SID:
the worker records a batch after sending it. Such a status is kept as an
:class:`EarlyStatus` and applied when the SID turns up.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from bot import contacts, outbox
from bot.config import Config
from bot.db import Base, utcnow
from bot.errors import (
    DeliveryError,
    OptedOut,
    OutsideWindow,
    RetryLater,
    UnknownRefusal,
)
from bot.outbox import OutboxMessage
from bot.privacy import mask_phone
from bot.transports.twilio import error_for_code

log = logging.getLogger(__name__)

# An early status whose SID never turned up (the send was not recorded, and
# the row went out again under a new SID) is dropped after this.
KEEP_EARLY = dt.timedelta(hours=1)


class EarlyStatus(Base):
    """A status callback for a SID the outbox does not know (yet)."""

    __tablename__ = "outbox_early_status"

    id: Mapped[int] = mapped_column(primary_key=True)
    sid: Mapped[str] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(16))
    error_code: Mapped[int | None]
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


@dataclass(frozen=True)
class Policy:
    """What :func:`handle_failure` needs to know besides the row."""

    clock: Callable[[], dt.datetime]
    max_attempts: int
    retry_base: dt.timedelta
    on_opt_out: Callable[[Session, str], None] | None = None

    @classmethod
    def of(cls, config: Config, **kwargs: Any) -> Policy:
        worker = config.worker
        return cls(
            max_attempts=worker.max_attempts, retry_base=worker.retry_base, **kwargs
        )


def handle_failure(
    session: Session, row: OutboxMessage, error: DeliveryError, policy: Policy
) -> None:
    """Decide what becomes of ``row`` now that sending it failed with ``error``."""
    if isinstance(error, OutsideWindow) and not row.use_template:
        # Twilio 63016: free text after the 24-hour window; the approved
        # template for this kind may still be sent.
        row.use_template = True
        _send_again(row, error.code, policy.clock())
    elif isinstance(error, OptedOut):
        contacts.set_opted_out(session, row.recipient, True)
        if policy.on_opt_out is not None:
            policy.on_opt_out(session, row.recipient)
        fail(row, error.code, "opted out")
    elif isinstance(error, RetryLater):
        _retry(row, error, policy)
    else:
        log.warning(
            "message %s to %s failed permanently: code %s",
            row.id,
            mask_phone(row.recipient),
            error.code,
        )
        fail(row, error.code, str(error)[:200])


def fail(row: OutboxMessage, code: int | None, reason: str) -> None:
    row.state = "failed"
    row.error_code = code
    row.error_reason = reason[:200]


def _retry(row: OutboxMessage, error: RetryLater, policy: Policy) -> None:
    if row.attempts >= policy.max_attempts:
        log.warning(
            "message %s to %s failed after %s attempts: code %s",
            row.id,
            mask_phone(row.recipient),
            row.attempts,
            error.code,
        )
        fail(row, error.code, f"gave up after {row.attempts} attempts: {error}")
        return

    base = policy.retry_base.total_seconds()
    backoff = base * 2 ** max(0, row.attempts - 1)
    jittered = backoff * random.uniform(0.5, 1.5)  # noqa: S311 (not for secrets)
    delay = max(error.seconds or 0.0, jittered)
    _send_again(row, error.code, policy.clock() + dt.timedelta(seconds=delay))
    log.debug("message %s retries in %.2fs", row.id, delay)


def _send_again(row: OutboxMessage, code: int | None, at: dt.datetime) -> None:
    # The old SID is done with; a late callback for it changes nothing here.
    row.state = "pending"
    row.sid = None
    row.error_code = code
    row.next_attempt_at = at


def record_status(
    session: Session,
    sid: str,
    status: str,
    code: int | None,
    policy: Policy,
    keep_unknown: bool = True,
) -> OutboxMessage | None:
    """Apply a status callback; keep it for later if ``sid`` is not known yet.

    Returns the row, or None for an unknown SID.
    """
    row, moved = outbox.apply_status(session, sid, status, code)
    if row is None:
        log.debug("status %s for unknown message %s", status, sid)
        if keep_unknown and status in outbox.RANK:
            session.add(EarlyStatus(sid=sid, status=status, error_code=code))
        return None

    if moved and row.state in outbox.FINAL and code is not None:
        _after_failure(session, row, code, policy)

    return row


def _after_failure(
    session: Session, row: OutboxMessage, code: int, policy: Policy
) -> None:
    error = error_for_code(code, f"Twilio reported the message {row.state}")
    if isinstance(error, UnknownRefusal):
        # Twilio already gave up on this message; sending it again would
        # most likely end the same way.
        log.warning(
            "message %s to %s %s with Twilio error %s",
            row.id,
            mask_phone(row.recipient),
            row.state,
            code,
        )
        fail(row, code, f"{row.state} at Twilio, code {code}")
        return

    handle_failure(session, row, error, policy)


def apply_early(session: Session, policy: Policy) -> int:
    """Apply kept statuses whose SID is known now; drop the very old ones.

    Returns how many were applied.
    """
    query = (
        select(EarlyStatus)
        .join(OutboxMessage, OutboxMessage.sid == EarlyStatus.sid)
        .order_by(EarlyStatus.id)
        .with_for_update(skip_locked=True, of=EarlyStatus)
    )
    early = list(session.scalars(query))
    for status in early:
        record_status(
            session,
            status.sid,
            status.status,
            status.error_code,
            policy,
            keep_unknown=False,
        )

    too_old = EarlyStatus.received_at < policy.clock() - KEEP_EARLY
    done = EarlyStatus.id.in_([status.id for status in early])
    session.execute(delete(EarlyStatus).where(done | too_old))

    return len(early)


def missing_templates(config: Config) -> list[str]:
    """The kinds that need a template and have none in ``[twilio.templates]``."""
    templates = config.twilio.templates

    return [kind for kind in outbox.NEEDS_TEMPLATE if not templates.get(kind)]


def warn_missing_templates(config: Config) -> None:
    if config.worker.transport != "twilio":
        return

    for kind in missing_templates(config):
        log.warning(
            "config: [twilio.templates] has no template for kind %r; such"
            " messages to people who did not write in 24 hours will fail",
            kind,
        )
