"""The contract between the worker and whatever sends messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class OutgoingMessage:
    """One message to one recipient, ready to hand to a transport.

    Exactly one of ``body`` (free text, only inside the 24-hour window) or
    ``content_sid`` (an approved template) is used for a send.
    """

    to: str
    body: str | None = None
    content_sid: str | None = None
    content_variables: dict[str, str] = field(default_factory=dict)
    status_callback: str | None = None
    buttons: tuple[tuple[str, str], ...] = ()
    outbox_id: int | None = None


@dataclass(frozen=True)
class SendResult:
    """What the far end answered: the message SID and its first status."""

    sid: str
    status: str = "queued"


class Transport(Protocol):
    """Sends one message, or raises a :class:`bot.errors.DeliveryError`."""

    def send(self, message: OutgoingMessage) -> SendResult: ...

    def close(self) -> None: ...
