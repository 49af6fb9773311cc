"""The fake Twilio, checked over real HTTP on 127.0.0.1."""

from __future__ import annotations

import re
import threading
import time
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import requests
from twilio.request_validator import RequestValidator

from tests.fakes.twilio_api import FakeTwilio

SENDER = "whatsapp:+3197010000000"
MEMBER = "whatsapp:+31612345001"
ERROR_KEYS = {"code", "message", "more_info", "status"}


def post(fake: FakeTwilio, auth: Any = None, **fields: str) -> requests.Response:
    url = f"{fake.base_url}/2010-04-01/Accounts/{fake.account_sid}/Messages.json"
    auth = auth or (fake.account_sid, fake.auth_token)

    return requests.post(url, data=fields, auth=auth, timeout=5)


def send(fake: FakeTwilio, to: str = MEMBER, **fields: str) -> requests.Response:
    return post(fake, To=to, From=SENDER, Body="Let op: inbraak", **fields)


class Receiver:
    """An app's status endpoint on 127.0.0.1 that records what it is sent."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, str], str]] = []
        self.arrived = threading.Semaphore(0)
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
                signature = self.headers["X-Twilio-Signature"]
                receiver.calls.append((self.path, form, signature))
                self.send_response(204)
                self.end_headers()
                receiver.arrived.release()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        serve = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}
        )
        serve.daemon = True
        serve.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/twilio/status"

    def wait(self, count: int) -> None:
        for _ in range(count):
            assert self.arrived.acquire(timeout=5)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    receiver = Receiver()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


def test_accepts_a_message_and_answers_with_a_message_resource(
    fake_twilio: FakeTwilio,
) -> None:
    answer = send(fake_twilio)

    assert answer.status_code == 201
    resource = answer.json()
    assert re.fullmatch(r"SM[0-9a-f]{32}", resource["sid"])
    assert resource["status"] == "queued"
    assert (resource["to"], resource["from"]) == (MEMBER, SENDER)
    assert resource["body"] == "Let op: inbraak"
    assert resource["date_created"].endswith("+0000")
    [arrived] = fake_twilio.messages
    assert arrived.sid == resource["sid"]
    assert arrived.fields == {"To": MEMBER, "From": SENDER, "Body": "Let op: inbraak"}


def test_accepts_a_template_through_a_messaging_service(
    fake_twilio: FakeTwilio,
) -> None:
    answer = post(
        fake_twilio,
        To=MEMBER,
        MessagingServiceSid="MG" + "1" * 32,
        ContentSid="HX" + "2" * 32,
        ContentVariables='{"1": "17"}',
    )

    assert answer.status_code == 201
    assert answer.json()["status"] == "accepted"
    assert fake_twilio.messages[0].fields["ContentVariables"] == '{"1": "17"}'


@pytest.mark.parametrize(
    "auth",
    [("AC" + "0" * 32, "wrong"), ("AC" + "9" * 32, "test-auth-token"), None],
    ids=["wrong-token", "other-account", "no-auth"],
)
def test_no_message_with_wrong_auth(fake_twilio: FakeTwilio, auth: Any) -> None:
    url = f"{fake_twilio.base_url}/2010-04-01/Accounts/AC{'0' * 32}/Messages.json"

    answer = requests.post(url, data={"To": MEMBER}, auth=auth, timeout=5)

    assert answer.status_code == 401
    assert set(answer.json()) == ERROR_KEYS
    assert answer.json()["code"] == 20003
    assert fake_twilio.messages == []


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"From": SENDER, "Body": "x"}, 21604),
        ({"To": MEMBER, "Body": "x"}, 21603),
        ({"To": MEMBER, "From": SENDER}, 21602),
    ],
    ids=["no-to", "no-from", "no-body"],
)
def test_no_message_without_a_required_field(
    fake_twilio: FakeTwilio, fields: dict[str, str], code: int
) -> None:
    answer = post(fake_twilio, **fields)

    assert (answer.status_code, answer.json()["code"]) == (400, code)
    assert fake_twilio.messages == []


@pytest.mark.parametrize(
    ("status", "code", "retry_after"),
    [(429, 20429, "2"), (500, 20500, None), (503, 20503, None)],
    ids=["429", "500", "503"],
)
def test_fails_every_request_when_told_to(
    fake_twilio: FakeTwilio, status: int, code: int, retry_after: str | None
) -> None:
    fake_twilio.fail_fraction(1.0, status, retry_after=2 if retry_after else None)

    answer = send(fake_twilio)

    assert answer.status_code == status
    assert answer.json() == {
        "code": code,
        "message": answer.json()["message"],
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }
    assert answer.headers.get("Retry-After") == retry_after


def test_fails_about_the_fraction_asked_for(fake_twilio: FakeTwilio) -> None:
    fake_twilio.fail_fraction(0.5, 503)

    answers = [send(fake_twilio).status_code for _ in range(200)]

    assert 60 <= answers.count(503) <= 140
    assert answers.count(201) == len(fake_twilio.messages)


@pytest.mark.parametrize("code", [63016, 21610, 21211, 63024, 63018])
def test_refuses_one_recipient_with_its_error_code(
    fake_twilio: FakeTwilio, code: int
) -> None:
    fake_twilio.fail_recipient(MEMBER, code)

    refused = send(fake_twilio)
    accepted = send(fake_twilio, to="whatsapp:+31612345002")

    assert (refused.status_code, refused.json()["code"]) == (400, code)
    assert accepted.status_code == 201
    assert [m.to for m in fake_twilio.messages] == ["whatsapp:+31612345002"]


def test_answers_slowly_when_told_to(fake_twilio: FakeTwilio) -> None:
    fake_twilio.slow(0.3)
    started = time.monotonic()

    answer = send(fake_twilio)

    assert answer.status_code == 201
    assert time.monotonic() - started >= 0.3


def test_answers_429_above_the_rate_cap(fake_twilio: FakeTwilio) -> None:
    fake_twilio.limit_rate(5)

    answers = [send(fake_twilio) for _ in range(10)]

    assert [a.status_code for a in answers] == [201] * 5 + [429] * 5
    assert answers[-1].headers["Retry-After"] == "1"


def test_waits_for_messages_sent_from_several_threads(
    fake_twilio: FakeTwilio,
) -> None:
    recipients = [f"whatsapp:+316123450{n:02}" for n in range(20)]
    for to in recipients:
        threading.Thread(target=send, args=(fake_twilio, to)).start()

    arrived = fake_twilio.wait_for_messages(20)

    assert sorted(m.to for m in arrived) == recipients


def test_no_endless_wait_for_messages_that_never_come(
    fake_twilio: FakeTwilio,
) -> None:
    send(fake_twilio)

    with pytest.raises(TimeoutError, match="1 of 2"):
        fake_twilio.wait_for_messages(2, timeout=0.2)


def test_plays_status_callbacks_signed_as_twilio_signs(
    fake_twilio: FakeTwilio, receiver: Receiver
) -> None:
    fake_twilio.play_status_callbacks()

    sid = send(fake_twilio, StatusCallback=receiver.url + "?id=7").json()["sid"]
    receiver.wait(4)

    validator = RequestValidator(fake_twilio.auth_token)
    assert [form["MessageStatus"] for _, form, _ in receiver.calls] == [
        "queued",
        "sent",
        "delivered",
        "read",
    ]
    for path, form, signature in receiver.calls:
        assert path == "/twilio/status?id=7"
        assert form["MessageSid"] == sid
        assert validator.validate(receiver.url + "?id=7", form, signature)


def test_no_status_callback_to_a_host_off_this_machine(
    fake_twilio: FakeTwilio,
) -> None:
    fake_twilio.play_status_callbacks()

    send(fake_twilio, StatusCallback="https://status.example.test/twilio/status")

    assert fake_twilio.callbacks.refused == [
        "https://status.example.test/twilio/status"
    ]
    assert fake_twilio.callbacks.posted == []


def test_serves_media_after_a_few_404s(fake_twilio: FakeTwilio) -> None:
    url = fake_twilio.add_media(b"\xff\xd8photo", missing_first=2)
    auth = (fake_twilio.account_sid, fake_twilio.auth_token)

    answers = [requests.get(url, auth=auth, timeout=5) for _ in range(3)]

    assert [a.status_code for a in answers] == [404, 404, 200]
    assert answers[0].json()["code"] == 20404
    assert answers[2].content == b"\xff\xd8photo"
    assert answers[2].headers["Content-Type"] == "image/jpeg"


def test_no_media_without_auth(fake_twilio: FakeTwilio) -> None:
    url = fake_twilio.add_media(b"photo")

    answer = requests.get(url, auth=(fake_twilio.account_sid, "wrong"), timeout=5)

    assert answer.status_code == 401
