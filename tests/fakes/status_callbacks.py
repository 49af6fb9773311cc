"""Plays Twilio's status callbacks for a sent message, signed as Twilio signs.

Callbacks go only to loopback addresses; any other URL is refused and noted.
"""

from __future__ import annotations

import http.client
import threading
import time
import urllib.parse
from dataclasses import dataclass

from twilio.request_validator import RequestValidator

LOOPBACK = {"127.0.0.1", "::1"}
STATUSES = ("queued", "sent", "delivered", "read")


@dataclass(frozen=True)
class Callback:
    """One status callback as it was posted, and what the far end answered."""

    url: str
    params: dict[str, str]
    signature: str
    answer: int | None


def is_loopback(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)

    return parts.scheme == "http" and parts.hostname in LOOPBACK


class CallbackPlayer:
    """Posts each status in turn to a message's StatusCallback URL."""

    def __init__(self, auth_token: str) -> None:
        self.validator = RequestValidator(auth_token)
        self.statuses: tuple[str, ...] = ()
        self.interval = 0.0
        self.posted: list[Callback] = []
        self.refused: list[str] = []
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []

    def play(self, url: str, message: dict[str, str]) -> None:
        """Start posting the statuses for ``message`` in the background."""
        if not self.statuses:
            return

        if not is_loopback(url):
            with self._lock:
                self.refused.append(url)
            return

        thread = threading.Thread(target=self._post_all, args=(url, message))
        thread.daemon = True
        with self._lock:
            self._threads.append(thread)
        thread.start()

    def join(self, timeout: float = 5.0) -> None:
        with self._lock:
            threads = list(self._threads)

        for thread in threads:
            thread.join(timeout)

    def _post_all(self, url: str, message: dict[str, str]) -> None:
        for status in self.statuses:
            time.sleep(self.interval)
            params = {**message, "MessageStatus": status, "SmsStatus": status}
            self._post(url, params)

    def _post(self, url: str, params: dict[str, str]) -> None:
        signature = self.validator.compute_signature(url, params)
        answer = _post_form(url, params, {"X-Twilio-Signature": signature})

        with self._lock:
            self.posted.append(Callback(url, params, signature, answer))


def _post_form(url: str, params: dict[str, str], headers: dict[str, str]) -> int | None:
    parts = urllib.parse.urlsplit(url)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query

    body = urllib.parse.urlencode(params)
    headers = {**headers, "Content-Type": "application/x-www-form-urlencoded"}
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=5)
    try:
        connection.request("POST", path, body, headers)
        return connection.getresponse().status
    except OSError:
        return None
    finally:
        connection.close()
