"""Fan-outs through the worker and the real twilio client, counted at the fake."""

from __future__ import annotations

import json
import time

import pytest

from bot import outbox
from tests.bot.conftest import (
    ALERT_TEMPLATE,
    arrivals_by_to,
    deliver_until_done,
    people,
    queue,
    rows_of,
    states,
    worker_for,
    wrote_today,
)
from tests.fakes.twilio_api import FakeTwilio

WORDS = "Let op: verdachte persoon bij de Zeeweg, kijkt in auto's en tuinen."


@pytest.mark.parametrize("status", [429, 500], ids=["too-many-requests", "server"])
def test_fan_out_serves_everyone_exactly_once_despite_passing_failures(
    twilio_bot, fake_twilio: FakeTwilio, status: int
) -> None:
    bot = twilio_bot()
    everyone = people(2000)
    wrote_today(bot, everyone)
    queue(bot, everyone)
    fake_twilio.fail_fraction(0.2, status, retry_after=None)

    deliver_until_done(bot, timeout=20)

    arrived = arrivals_by_to(fake_twilio)
    assert set(arrived) == set(everyone)
    assert set(arrived.values()) == {1}
    assert fake_twilio.requests > 2000  # some were refused and sent again
    assert states(rows_of(bot)) == {"queued": 2000}


def test_no_second_copy_of_one_topic_for_anyone(twilio_bot, fake_twilio) -> None:
    bot = twilio_bot()
    everyone = people(50)
    wrote_today(bot, everyone)

    queue(bot, everyone)
    queue(bot, everyone[:10])
    deliver_until_done(bot)

    assert set(arrivals_by_to(fake_twilio).values()) == {1}


def test_long_text_arrives_in_numbered_parts_in_order(twilio_bot, fake_twilio) -> None:
    bot = twilio_bot()
    [member] = people(1)
    wrote_today(bot, [member])
    text = " ".join([WORDS] * 60)  # about 4,000 characters
    fake_twilio.slow(0.01)

    queue(bot, [member], text, kind="notice", topic=None)
    deliver_until_done(bot)

    bodies = [m.fields["Body"] for m in fake_twilio.messages]
    total = len(bodies)
    assert total == -(-len(text) // (outbox.MAX_BODY - 10))  # as few as fit
    assert all(len(body) <= outbox.MAX_BODY for body in bodies)
    assert [body.rsplit(" ", 1)[1] for body in bodies] == [
        f"({n}/{total})" for n in range(1, total + 1)
    ]
    assert " ".join(body.rsplit(" ", 1)[0] for body in bodies) == text


def test_throttle_holds_the_rate_in_every_second_and_uses_it(
    twilio_bot, fake_twilio
) -> None:
    rate = 40
    bot = twilio_bot(twilio={"messages_per_second": rate})
    everyone = people(4 * rate)
    wrote_today(bot, everyone)
    queue(bot, everyone)

    deliver_until_done(bot)

    times = sorted(m.received_at for m in fake_twilio.messages)
    assert len(times) == 4 * rate
    # A send reaches the fake a few ms after the throttle let it start, and
    # not all equally late: windows are measured 50 ms short to allow that.
    busiest = max(sum(1 for t in times if s <= t < s + 0.95) for s in times)
    assert busiest <= rate
    # Every whole second from the first send on carries nearly the full rate.
    for second in range(3):
        start = times[0] + second
        sent = sum(1 for t in times if start <= t < start + 1)
        assert sent >= 0.95 * rate, f"second {second}: {sent} sends"


def test_outside_the_window_goes_as_the_template_of_its_kind(
    twilio_bot, fake_twilio
) -> None:
    bot = twilio_bot()
    [member] = people(1)  # never wrote to the bot

    queue(bot, [member], "Melding #17: inbraak Zeeweg")
    deliver_until_done(bot)

    [arrived] = fake_twilio.messages
    assert arrived.fields["ContentSid"] == ALERT_TEMPLATE
    variables = json.loads(arrived.fields["ContentVariables"])
    assert variables == {"1": "Melding #17: inbraak Zeeweg"}
    assert "Body" not in arrived.fields


def test_no_send_without_a_template_for_the_kind(twilio_bot, fake_twilio) -> None:
    bot = twilio_bot(twilio={"templates": {}})
    [member] = people(1)

    queue(bot, [member], kind="welcome", topic=None)
    deliver_until_done(bot)

    [row] = rows_of(bot)
    assert fake_twilio.messages == []
    assert row.state == "failed"
    assert row.error_reason == "no template configured for kind 'welcome'"


def test_unknown_error_code_is_retried_then_fails_with_its_code(
    twilio_bot, fake_twilio, caplog
) -> None:
    bot = twilio_bot(worker={"max_attempts": 3})
    refused, served = people(2)
    wrote_today(bot, [refused, served])
    fake_twilio.fail_recipient(refused, 63099)

    queue(bot, [refused, served])
    deliver_until_done(bot)

    with bot.db.transaction() as session:
        counts = outbox.counts_by_state(session, "alert:17")
    assert counts == {"failed": 1, "queued": 1}
    failed = next(row for row in rows_of(bot) if row.state == "failed")
    assert (failed.attempts, failed.error_code) == (3, 63099)
    assert "63099" in caplog.text
    assert "+3162000000" not in caplog.text


def test_retries_wait_longer_each_time(twilio_bot, fake_twilio) -> None:
    bot = twilio_bot(worker={"retry_base": "100ms", "max_attempts": 4})
    [member] = people(1)
    wrote_today(bot, [member])
    fake_twilio.fail_fraction(1.0, 503, retry_after=None)
    started = time.monotonic()

    queue(bot, [member])
    deliver_until_done(bot)

    # Waits of about 0.1, 0.2 and 0.4 s, each within +-50 %.
    assert time.monotonic() - started >= 0.35
    [row] = rows_of(bot)
    assert (row.state, row.attempts, row.error_code) == ("failed", 4, 20503)


def test_worker_sends_each_message_once_across_passes(twilio_bot, fake_twilio):
    bot = twilio_bot(worker={"batch_size": 7})
    everyone = people(30)
    wrote_today(bot, everyone)
    queue(bot, everyone)

    tried = worker_for(bot).deliver_due()

    assert tried == 30
    assert set(arrivals_by_to(fake_twilio).values()) == {1}
    assert worker_for(bot).deliver_due() == 0


class GarbledFor:
    """Twilio's API as seen through a connection that breaks for one number:
    the transport raises something no DeliveryError."""

    def __init__(self, inner, address: str) -> None:
        self.inner = inner
        self.address = address

    def send(self, message):
        if message.to == self.address:
            raise ValueError("the answer was cut off halfway")
        return self.inner.send(message)

    def close(self) -> None:
        self.inner.close()


def test_one_garbled_answer_does_not_sink_the_batch(twilio_bot, fake_twilio) -> None:
    bot = twilio_bot()
    everyone = people(20)
    wrote_today(bot, everyone)
    bot.transport = GarbledFor(bot.make_transport(), everyone[0])
    queue(bot, everyone)

    worker_for(bot).deliver_due()

    arrived = {m.to for m in fake_twilio.messages}
    assert arrived == set(everyone[1:])
    states = {row.recipient: row.state for row in rows_of(bot)}
    assert states[everyone[0]] == "pending"
    assert {states[p] for p in everyone[1:]} == {"queued"}
