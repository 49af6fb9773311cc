"""The local transport: records sends, and plays back signed status callbacks."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

import pytest
from twilio.request_validator import RequestValidator

from bot.transports.base import OutgoingMessage
from bot.transports.local import LocalTransport

TOKEN = "local-transport-token"
RECIPIENT = "whatsapp:+31612341011"
FAST = (("sent", 0.05), ("delivered", 0.1), ("read", 0.15))


class Callbacks(BaseHTTPRequestHandler):
    received: list[tuple[str, dict[str, str], str]] = []

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        form = dict(parse_qsl(self.rfile.read(length).decode()))
        signature = self.headers.get("X-Twilio-Signature", "")
        self.received.append((self.path, form, signature))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def status_server() -> Iterator[tuple[str, list]]:
    received: list = []
    handler = type("Handler", (Callbacks,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/twilio/status", received
    server.shutdown()
    server.server_close()


def wait_for(received: list, count: int) -> None:
    deadline = time.monotonic() + 5
    while len(received) < count and time.monotonic() < deadline:
        time.sleep(0.02)


def test_records_without_playback():
    transport = LocalTransport()

    result = transport.send(OutgoingMessage(to=RECIPIENT, body="Hallo"))
    transport.close()

    assert result.sid.startswith("SM")
    assert transport.to(RECIPIENT) == ["Hallo"]


def test_plays_back_statuses_in_order_signed_like_twilio(status_server):
    url, received = status_server
    transport = LocalTransport(status_url=url, auth_token=TOKEN, playback=FAST)

    result = transport.send(OutgoingMessage(to=RECIPIENT, body="Hallo"))
    wait_for(received, 3)
    transport.close()

    assert [form["MessageStatus"] for _path, form, _sig in received] == [
        "sent",
        "delivered",
        "read",
    ]
    validator = RequestValidator(TOKEN)
    for path, form, signature in received:
        assert path == "/twilio/status"
        assert form["MessageSid"] == result.sid
        assert form["To"] == RECIPIENT
        assert validator.validate(url, form, signature)


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("http://example.org/twilio/status", id="public-host"),
        pytest.param("http://10.0.0.5/twilio/status", id="private-address"),
    ],
)
def test_no_playback_to_another_host(url):
    with pytest.raises(ValueError, match="loopback"):
        LocalTransport(status_url=url, auth_token=TOKEN)
