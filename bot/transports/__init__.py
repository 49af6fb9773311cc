"""Ways to hand an outbound message to WhatsApp."""

from bot.transports.base import OutgoingMessage, SendResult, Transport

__all__ = ["OutgoingMessage", "SendResult", "Transport"]
