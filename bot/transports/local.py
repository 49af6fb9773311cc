"""A transport that sends nothing: it records what would have been sent.

For the demo and for tests. Each message gets a SID. Given ``status_url`` and
``auth_token``, it also plays back Twilio's status callbacks for each message
(sent, delivered, read), signed as Twilio signs them, so that the demo shows
ticks; without them it only records.
"""

from __future__ import annotations

import heapq
import ipaddress
import itertools
import logging
import secrets
import threading
import time
from urllib.parse import urlsplit

import requests
from twilio.request_validator import RequestValidator

from bot.transports.base import OutgoingMessage, SendResult

log = logging.getLogger(__name__)

# Seconds after the send at which each status is played back. The first one
# waits a little, so that the worker has recorded the SID before it arrives.
PLAYBACK = (("sent", 0.5), ("delivered", 1.0), ("read", 2.5))


class LocalTransport:
    def __init__(
        self,
        status_url: str | None = None,
        auth_token: str = "",
        playback: tuple[tuple[str, float], ...] = PLAYBACK,
    ) -> None:
        self.sent: list[tuple[str, OutgoingMessage]] = []
        self._lock = threading.Lock()
        self._callbacks: StatusPlayer | None = None
        if status_url is not None:
            self._callbacks = StatusPlayer(status_url, auth_token, playback)

    def send(self, message: OutgoingMessage) -> SendResult:
        sid = "SM" + secrets.token_hex(16)
        with self._lock:
            self.sent.append((sid, message))
        if self._callbacks is not None:
            self._callbacks.play(sid, message.to)

        return SendResult(sid=sid, status="queued")

    def to(self, address: str) -> list[str]:
        """The bodies sent to ``address``, in order."""
        with self._lock:
            return [m.body or "" for _sid, m in self.sent if m.to == address]

    def clear(self) -> None:
        with self._lock:
            self.sent.clear()

    def close(self) -> None:
        if self._callbacks is not None:
            self._callbacks.stop()


def _loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class StatusPlayer:
    """Posts signed status callbacks from one background thread, in time order."""

    def __init__(
        self, url: str, auth_token: str, playback: tuple[tuple[str, float], ...]
    ) -> None:
        if not _loopback(url):
            raise ValueError(f"status_url {url!r}: only a loopback address is allowed")
        self.url = url
        self.validator = RequestValidator(auth_token)
        self.playback = playback
        self._due: list[tuple[float, int, str, str, str]] = []
        self._order = itertools.count()
        self._wake = threading.Condition()
        self._stopped = False
        self._thread = threading.Thread(
            target=self._run, name="status-playback", daemon=True
        )
        self._thread.start()

    def play(self, sid: str, recipient: str) -> None:
        now = time.monotonic()
        with self._wake:
            for state, delay in self.playback:
                entry = (now + delay, next(self._order), sid, state, recipient)
                heapq.heappush(self._due, entry)
            self._wake.notify()

    def stop(self) -> None:
        with self._wake:
            self._stopped = True
            self._wake.notify()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while True:
            with self._wake:
                entry = self._next_due()
                if entry is None:
                    return
            self._post(*entry[2:])

    def _next_due(self) -> tuple[float, int, str, str, str] | None:
        """Wait for the next due callback; None once stopped."""
        while not self._stopped:
            if self._due and self._due[0][0] <= time.monotonic():
                return heapq.heappop(self._due)
            timeout = self._due[0][0] - time.monotonic() if self._due else None
            self._wake.wait(timeout)

        return None

    def _post(self, sid: str, state: str, recipient: str) -> None:
        form = {
            "AccountSid": "AC" + "0" * 32,
            "ApiVersion": "2010-04-01",
            "ChannelPrefix": "whatsapp",
            "To": recipient,
            "MessageSid": sid,
            "SmsSid": sid,
            "MessageStatus": state,
            "SmsStatus": state,
        }
        signature = self.validator.compute_signature(self.url, form)
        headers = {"X-Twilio-Signature": signature}
        try:
            requests.post(self.url, data=form, headers=headers, timeout=5)
        except requests.RequestException as err:
            log.debug("status callback %s for %s failed: %s", state, sid, err)
