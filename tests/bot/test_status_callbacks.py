"""Twilio's status callbacks: order, repeats, errors, and the race with the worker."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

from bot import contacts, outbox
from bot.app import BotApp
from bot.wsgi import create_flask_app
from tests import twilio_forms
from tests.bot.conftest import (
    ALERT_TEMPLATE,
    DELIVERY_PUBLIC_URL,
    deliver_until_done,
    people,
    queue,
    rows_of,
    worker_for,
    wrote_today,
)
from tests.fakes.twilio_api import FakeTwilio

MEMBER, NEIGHBOUR = people(2)


def post_status(bot: BotApp, sid: str, state: str, error: str = "") -> int:
    """Post one status callback, signed as Twilio signs it; the answer's code."""
    form = twilio_forms.status(sid, state, MEMBER, error)
    url = DELIVERY_PUBLIC_URL + "/twilio/status"
    signature = twilio_forms.sign(url, form, bot.config.twilio.auth_token)
    client = create_flask_app(bot).test_client()
    answer = client.post(
        "/twilio/status", data=form, headers={"X-Twilio-Signature": signature}
    )

    return answer.status_code


@pytest.fixture
def sent(twilio_bot, fake_twilio: FakeTwilio) -> tuple[BotApp, str]:
    """A bot that sent one free-text alert to MEMBER, and that message's SID."""
    bot = twilio_bot()
    wrote_today(bot, [MEMBER])
    queue(bot, [MEMBER])
    deliver_until_done(bot)
    [message] = fake_twilio.messages

    return bot, message.sid


def state_of_first(bot: BotApp) -> str:
    return rows_of(bot)[0].state


@pytest.mark.parametrize(
    ("statuses", "final"),
    [
        (["sent", "delivered", "read"], "read"),
        (["read", "sent", "delivered"], "read"),
        (["delivered", "delivered", "sent", "queued"], "delivered"),
        (["sent", "undelivered", "delivered"], "undelivered"),
        (["failed", "sent", "read", "failed"], "failed"),
        (["read", "read", "read"], "read"),
    ],
    ids=["in-order", "read-first", "repeated", "undelivered", "failed", "read-x3"],
)
def test_shuffled_and_repeated_callbacks_end_in_the_right_status(
    sent: tuple[BotApp, str], statuses: list[str], final: str
) -> None:
    bot, sid = sent

    answers = [post_status(bot, sid, status) for status in statuses]

    assert set(answers) == {204}
    assert state_of_first(bot) == final


def test_unknown_sid_is_answered_and_noted_at_debug(sent, caplog) -> None:
    bot, _sid = sent
    stranger = twilio_forms.new_sid()

    with caplog.at_level(logging.DEBUG, logger="bot.delivery"):
        answer = post_status(bot, stranger, "delivered")

    assert answer == 204
    assert f"unknown message {stranger}" in caplog.text
    assert state_of_first(bot) == "queued"


@pytest.fixture
def live(twilio_bot, fake_twilio: FakeTwilio) -> Iterator[BotApp]:
    """A bot whose webhook listens on 127.0.0.1; the fake calls it back."""
    bot = twilio_bot()
    server = make_server("127.0.0.1", 0, create_flask_app(bot), threaded=True)
    bot.config.replace("bot", public_url=f"http://127.0.0.1:{server.server_port}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield bot
    server.shutdown()
    thread.join(timeout=5)


def test_callbacks_before_the_worker_recorded_the_sid_are_not_lost(
    live: BotApp, fake_twilio: FakeTwilio
) -> None:
    everyone = people(200)
    wrote_today(live, everyone)
    queue(live, everyone)
    # The callbacks start while the worker is still sending the batch.
    fake_twilio.play_status_callbacks(("sent", "delivered", "read"))

    deliver_until_done(live)
    fake_twilio.callbacks.join(timeout=10)
    worker_for(live).deliver_due()

    posted = fake_twilio.callbacks.posted
    assert len(posted) == 600
    assert {callback.answer for callback in posted} == {204}
    assert {row.state for row in rows_of(live)} == {"read"}


def test_outside_the_window_on_create_goes_again_as_the_template(
    twilio_bot, fake_twilio: FakeTwilio
) -> None:
    bot = twilio_bot()
    wrote_today(bot, [MEMBER])  # we think so; Twilio knows better
    fake_twilio.fail_free_text(MEMBER, 63016)

    queue(bot, [MEMBER], "Melding #17: inbraak Zeeweg")
    deliver_until_done(bot)

    [arrived] = fake_twilio.messages
    assert arrived.fields["ContentSid"] == ALERT_TEMPLATE
    assert json.loads(arrived.fields["ContentVariables"]) == {
        "1": "Melding #17: inbraak Zeeweg"
    }
    [row] = rows_of(bot)
    assert (row.state, row.use_template) == ("queued", True)


def test_outside_the_window_in_a_callback_goes_again_as_the_template(
    sent: tuple[BotApp, str], fake_twilio: FakeTwilio
) -> None:
    bot, sid = sent

    post_status(bot, sid, "failed", "63016")
    deliver_until_done(bot)
    post_status(bot, sid, "failed", "63016")  # a repeat sends nothing more
    deliver_until_done(bot)

    free_text, template = fake_twilio.messages
    assert "Body" in free_text.fields
    assert template.fields["ContentSid"] == ALERT_TEMPLATE
    assert json.loads(template.fields["ContentVariables"])["1"].startswith("Melding")
    [row] = rows_of(bot)
    assert (row.state, row.sid) == ("queued", template.sid)


def opted_out(bot: BotApp, address: str) -> bool:
    with bot.db.transaction() as session:
        return address in contacts.opted_out(session, [address])


def listen_for_opt_outs(bot: BotApp) -> list[str]:
    heard: list[str] = []
    bot.registry.opt_out(lambda _session, address: heard.append(address))

    return heard


def test_opted_out_on_create_gets_nothing_more(twilio_bot, fake_twilio) -> None:
    bot = twilio_bot()
    heard = listen_for_opt_outs(bot)
    wrote_today(bot, [MEMBER, NEIGHBOUR])
    fake_twilio.fail_recipient(MEMBER, 21610)

    queue(bot, [MEMBER, NEIGHBOUR])
    deliver_until_done(bot)
    tried = fake_twilio.requests
    queue(bot, [MEMBER, NEIGHBOUR], "Melding #18", topic="alert:18")
    deliver_until_done(bot)

    assert [m.to for m in fake_twilio.messages] == [NEIGHBOUR, NEIGHBOUR]
    assert fake_twilio.requests == tried + 1  # only the neighbour's
    assert opted_out(bot, MEMBER)
    assert heard == [MEMBER]


def test_opted_out_in_a_callback_gets_nothing_more(sent, fake_twilio) -> None:
    bot, sid = sent
    heard = listen_for_opt_outs(bot)

    post_status(bot, sid, "failed", "21610")
    post_status(bot, sid, "failed", "21610")
    queue(bot, [MEMBER], "Melding #18", topic="alert:18")
    deliver_until_done(bot)

    assert len(fake_twilio.messages) == 1
    assert opted_out(bot, MEMBER)
    assert heard == [MEMBER]
    assert [row.error_reason for row in rows_of(bot)] == ["opted out"] * 2


def test_other_failure_in_a_callback_counts_as_failed_with_its_code(
    sent: tuple[BotApp, str], fake_twilio: FakeTwilio
) -> None:
    bot, sid = sent

    post_status(bot, sid, "undelivered", "63024")
    deliver_until_done(bot)

    with bot.db.transaction() as session:
        assert outbox.counts_by_state(session, "alert:17") == {"failed": 1}
    [row] = rows_of(bot)
    assert row.error_code == 63024
    assert len(fake_twilio.messages) == 1


def test_rate_exceeded_in_a_callback_is_recorded_and_sent_again(
    sent: tuple[BotApp, str], fake_twilio: FakeTwilio
) -> None:
    bot, sid = sent

    post_status(bot, sid, "failed", "63018")
    [waiting] = rows_of(bot)
    deliver_until_done(bot)

    assert (waiting.state, waiting.error_code) == ("pending", 63018)
    assert len(fake_twilio.messages) == 2
    assert rows_of(bot)[0].state == "queued"


def test_no_resend_for_a_late_failure_after_read(sent, fake_twilio):
    bot, sid = sent
    post_status(bot, sid, "read")

    post_status(bot, sid, "undelivered", "63016")
    deliver_until_done(bot)

    assert state_of_first(bot) == "read"
    assert len(fake_twilio.messages) == 1


@pytest.mark.parametrize(
    ("sid", "code"),
    [
        pytest.param("SM" + "x" * 98, "", id="long-sid"),
        pytest.param("", "", id="empty-sid"),
    ],
)
def test_no_500_for_a_malformed_sid(sent, sid, code):
    bot, _sid = sent

    assert post_status(bot, sid, "delivered", code) == 400


def test_no_500_for_an_absurd_error_code(sent):
    bot, sid = sent

    assert post_status(bot, sid, "failed", "9" * 40) == 204
    assert state_of_first(bot) == "failed"
