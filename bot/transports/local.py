"""A transport that sends nothing: it records what would have been sent.

For the demo and for tests. Each message gets a SID; ``statuses`` can play
back Twilio's status callbacks for it (sent, delivered, read).
"""

from __future__ import annotations

import secrets
import threading

from bot.transports.base import OutgoingMessage, SendResult


class LocalTransport:
    def __init__(self) -> None:
        self.sent: list[tuple[str, OutgoingMessage]] = []
        self._lock = threading.Lock()

    def send(self, message: OutgoingMessage) -> SendResult:
        sid = "SM" + secrets.token_hex(16)
        with self._lock:
            self.sent.append((sid, message))

        return SendResult(sid=sid, status="queued")

    def to(self, address: str) -> list[str]:
        """The bodies sent to ``address``, in order."""
        with self._lock:
            return [m.body or "" for _sid, m in self.sent if m.to == address]

    def clear(self) -> None:
        with self._lock:
            self.sent.clear()

    def close(self) -> None:
        """Nothing to release."""
