"""The HTTP side of the fake Twilio: read a request, write an answer."""

from __future__ import annotations

import json
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.fakes.twilio_api import FakeTwilio
    from tests.fakes.twilio_errors import ErrorAnswer


@dataclass(frozen=True)
class Answer:
    """What to send back: status, body and headers."""

    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, status: int, payload: dict[str, Any]) -> Answer:
        body = json.dumps(payload).encode()

        return cls(status, body, {"Content-Type": "application/json"})

    @classmethod
    def error(cls, answer: ErrorAnswer) -> Answer:
        headers = {"Content-Type": "application/json", **answer.headers()}

        return cls(answer.status, answer.body(), headers)


class TwilioHandler(BaseHTTPRequestHandler):
    """Hands each request to the :class:`FakeTwilio` that owns the server."""

    # Keep-alive, so that a client's connection pool is really used.
    protocol_version = "HTTP/1.1"
    # Headers and body leave in two writes; without TCP_NODELAY the client's
    # delayed ACK holds every answer back by some 40 ms.
    disable_nagle_algorithm = True

    @property
    def fake(self) -> FakeTwilio:
        return self.server.fake  # type: ignore[attr-defined]

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode()
        form = dict(urllib.parse.parse_qsl(raw, keep_blank_values=True))
        path = urllib.parse.urlsplit(self.path).path

        self._send(self.fake.answer_post(path, self.headers["Authorization"], form))

    def do_GET(self) -> None:
        path = urllib.parse.urlsplit(self.path).path

        self._send(self.fake.answer_get(path, self.headers["Authorization"]))

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: tests read what arrived from the fake, not its log."""

    def _send(self, answer: Answer) -> None:
        try:
            self.send_response(answer.status)
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up waiting (a timeout test); nothing to tell it.
            self.close_connection = True
