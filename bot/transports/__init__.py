"""Ways to hand an outbound message to WhatsApp.

``TwilioTransport`` is imported on first use, so that a process sending
through ``LocalTransport`` does not load the twilio client.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.transports.base import OutgoingMessage, SendResult, Transport

if TYPE_CHECKING:
    from bot.transports.twilio import TwilioTransport

__all__ = ["OutgoingMessage", "SendResult", "Transport", "TwilioTransport"]


def __getattr__(name: str) -> Any:
    if name == "TwilioTransport":
        from bot.transports.twilio import TwilioTransport

        return TwilioTransport

    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
