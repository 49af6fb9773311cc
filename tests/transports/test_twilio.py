"""TwilioTransport: the real twilio client against the fake, over loopback."""

from __future__ import annotations

import json
import logging
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from twilio.base.exceptions import TwilioRestException

from bot.errors import (
    DeliveryError,
    OptedOut,
    OutsideWindow,
    PermanentFailure,
    RetryLater,
    SlowDown,
    UnknownRefusal,
)
from bot.transports.base import OutgoingMessage
from bot.transports.twilio import TwilioTransport
from tests.fakes.twilio_api import FakeTwilio

SENDER = "whatsapp:+3197010000000"
MEMBER = "whatsapp:+31612345001"
MASKED = "whatsapp:+316*****001"
SERVICE = "MG" + "1" * 32
TEMPLATE = "HX" + "2" * 32
ALERT = OutgoingMessage(to=MEMBER, body="Melding #17: inbraak Zeeweg")


def transport_for(fake: FakeTwilio, **kwargs: Any) -> TwilioTransport:
    options: dict[str, Any] = {
        "whatsapp_from": SENDER,
        "api_base": fake.base_url,
        "timeout": 2.0,
        "pool_size": 4,
        **kwargs,
    }
    return TwilioTransport(fake.account_sid, fake.auth_token, **options)


@pytest.fixture
def transport(fake_twilio: FakeTwilio) -> Iterator[TwilioTransport]:
    transport = transport_for(fake_twilio)
    yield transport
    transport.close()


def failure_of(transport: TwilioTransport, message: OutgoingMessage) -> DeliveryError:
    with pytest.raises(DeliveryError) as caught:
        transport.send(message)

    return caught.value


def test_free_text_arrives_with_its_fields(
    fake_twilio: FakeTwilio, transport: TwilioTransport
) -> None:
    callback = "http://127.0.0.1:9/twilio/status"

    result = transport.send(
        OutgoingMessage(to=MEMBER, body="Melding #17", status_callback=callback)
    )

    [arrived] = fake_twilio.messages
    assert (result.sid, result.status) == (arrived.sid, "queued")
    assert arrived.fields == {
        "To": MEMBER,
        "From": SENDER,
        "Body": "Melding #17",
        "StatusCallback": callback,
    }


def test_template_arrives_with_its_variables_as_json(
    fake_twilio: FakeTwilio, transport: TwilioTransport
) -> None:
    template = OutgoingMessage(
        to=MEMBER,
        body="ignored: a template carries its own text",
        content_sid=TEMPLATE,
        content_variables={"1": "17", "2": "Zeeweg"},
    )

    transport.send(template)

    [arrived] = fake_twilio.messages
    assert arrived.fields["ContentSid"] == TEMPLATE
    assert json.loads(arrived.fields["ContentVariables"]) == {"1": "17", "2": "Zeeweg"}
    assert "Body" not in arrived.fields


def test_sends_through_a_messaging_service(fake_twilio: FakeTwilio) -> None:
    transport = transport_for(
        fake_twilio, whatsapp_from=None, messaging_service_sid=SERVICE
    )

    result = transport.send(ALERT)

    [arrived] = fake_twilio.messages
    assert arrived.fields["MessagingServiceSid"] == SERVICE
    assert "From" not in arrived.fields
    assert result.status == "accepted"


@pytest.mark.parametrize(
    ("code", "status", "error"),
    [
        (63016, 400, OutsideWindow),
        (21610, 400, OptedOut),
        (63018, 400, SlowDown),
        (63018, 429, SlowDown),
        (63024, 400, PermanentFailure),
        (21211, 400, PermanentFailure),
        (21408, 400, PermanentFailure),
        (21614, 400, PermanentFailure),
    ],
    ids=[
        "outside-window",
        "opted-out",
        "channel-rate",
        "channel-rate-429",
        "not-whatsapp",
        "invalid-number",
        "region-closed",
        "not-mobile",
    ],
)
def test_refusals_become_their_delivery_errors(
    fake_twilio: FakeTwilio,
    transport: TwilioTransport,
    code: int,
    status: int,
    error: type[DeliveryError],
) -> None:
    fake_twilio.fail_recipient(MEMBER, code, status)

    failure = failure_of(transport, ALERT)

    assert type(failure) is error
    assert failure.code == code
    assert isinstance(failure.__cause__, TwilioRestException)
    assert "12345" not in str(failure)


def test_unknown_code_is_logged_masked_and_retried_later(
    fake_twilio: FakeTwilio,
    transport: TwilioTransport,
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake_twilio.fail_recipient(MEMBER, 63099)

    with caplog.at_level(logging.WARNING, logger="bot.transports.twilio"):
        failure = failure_of(transport, ALERT)

    assert type(failure) is UnknownRefusal
    assert isinstance(failure, RetryLater)  # up to [worker] max_attempts
    assert failure.code == 63099
    assert "63099" in caplog.text
    assert MASKED in caplog.text
    assert "12345" not in caplog.text


@pytest.mark.parametrize(
    ("status", "retry_after", "seconds"),
    [(429, 7, 7.0), (500, None, None), (503, 2, 2.0)],
    ids=["too-many-requests", "server-error", "unavailable"],
)
def test_passing_failures_are_retried_later(
    fake_twilio: FakeTwilio,
    transport: TwilioTransport,
    status: int,
    retry_after: int | None,
    seconds: float | None,
) -> None:
    fake_twilio.fail_fraction(1.0, status, retry_after)

    failure = failure_of(transport, ALERT)

    assert type(failure) is RetryLater
    assert failure.seconds == seconds
    assert fake_twilio.messages == []


def test_no_stale_retry_after_from_an_earlier_answer(
    fake_twilio: FakeTwilio, transport: TwilioTransport
) -> None:
    fake_twilio.fail_fraction(1.0, 429, retry_after=7)
    failure_of(transport, ALERT)
    fake_twilio.fail_fraction(1.0, 503, retry_after=None)

    failure = failure_of(transport, ALERT)

    assert isinstance(failure, RetryLater)
    assert failure.seconds is None


def test_slow_answer_beyond_the_timeout_is_retried_later(
    fake_twilio: FakeTwilio,
) -> None:
    transport = transport_for(fake_twilio, timeout=0.2)
    fake_twilio.slow(1.0)

    failure = failure_of(transport, ALERT)

    assert type(failure) is RetryLater
    assert isinstance(failure.__cause__, requests.Timeout)


def test_unreachable_api_is_retried_later() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    transport = TwilioTransport(
        "AC" + "0" * 32,
        "token",
        whatsapp_from=SENDER,
        api_base=f"http://127.0.0.1:{port}",
    )

    failure = failure_of(transport, ALERT)

    assert type(failure) is RetryLater
    assert isinstance(failure.__cause__, requests.ConnectionError)


def test_refused_credentials_keep_the_message_for_later(
    fake_twilio: FakeTwilio, caplog: pytest.LogCaptureFixture
) -> None:
    transport = TwilioTransport(
        fake_twilio.account_sid,
        "not-the-token",
        whatsapp_from=SENDER,
        api_base=fake_twilio.base_url,
    )

    with caplog.at_level(logging.ERROR, logger="bot.transports.twilio"):
        failure = failure_of(transport, ALERT)

    assert type(failure) is RetryLater
    assert failure.code == 20003
    assert "credentials" in caplog.text


def test_threads_sharing_one_transport_each_get_their_own_answer(
    fake_twilio: FakeTwilio, transport: TwilioTransport
) -> None:
    recipients = [f"whatsapp:+316123450{n:02}" for n in range(40)]
    results: dict[str, str] = {}

    def send_some(chunk: list[str]) -> None:
        for to in chunk:
            results[to] = transport.send(OutgoingMessage(to=to, body="hoi")).sid

    threads = [
        threading.Thread(target=send_some, args=(recipients[n::8],)) for n in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    arrived = {m.to: m.sid for m in fake_twilio.wait_for_messages(40)}
    assert results == arrived


def test_no_transport_without_a_sender() -> None:
    with pytest.raises(ValueError, match="sender"):
        TwilioTransport("AC1", "token", api_base="http://127.0.0.1:8081")


def test_no_message_without_body_or_template(
    fake_twilio: FakeTwilio, transport: TwilioTransport
) -> None:
    with pytest.raises(ValueError, match="body or a content_sid"):
        transport.send(OutgoingMessage(to=MEMBER))

    assert fake_twilio.messages == []


def test_one_info_line_per_message_sent_with_the_number_masked(
    transport: TwilioTransport, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="bot.transports.twilio"):
        result = transport.send(ALERT)

    [line] = [
        r.getMessage() for r in caplog.records if r.name == "bot.transports.twilio"
    ]
    assert line == f"sent {result.sid} to {MASKED}"
    assert "inbraak" not in caplog.text
