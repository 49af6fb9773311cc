"""Delivery settings: what the operator is told at start, and the transport."""

from __future__ import annotations

import logging

import pytest

from bot.config import load_config
from bot.errors import ConfigError
from bot.runner import Runner
from bot.transports import TwilioTransport
from bot.transports.base import OutgoingMessage
from tests.bot.conftest import ALERT_TEMPLATE, people


def test_start_warns_once_for_each_kind_without_a_template(twilio_bot, caplog):
    bot = twilio_bot(twilio={"templates": {"alert": ALERT_TEMPLATE}})
    runner = Runner(bot)

    with caplog.at_level(logging.WARNING, logger="bot.delivery"):
        runner.start()
        runner.stop()

    warnings = [r.getMessage() for r in caplog.records if r.name == "bot.delivery"]
    assert len(warnings) == 3
    assert ["'nudge'" in w for w in warnings] == [True, False, False]
    assert all("[twilio.templates]" in w for w in warnings)


@pytest.mark.parametrize("rate", [0, 0.5], ids=["zero", "half"])
def test_no_rate_below_one_message_per_second(rate: float) -> None:
    with pytest.raises(ConfigError, match=r"messages_per_second.*must be at least 1"):
        load_config(None, {"twilio": {"messages_per_second": rate}})


def test_make_transport_sends_from_the_configured_number(make_bot, fake_twilio) -> None:
    bot = make_bot(
        plugins=("tests.bot.sample_plugin",),
        twilio={
            "account_sid": fake_twilio.account_sid,
            "auth_token": fake_twilio.auth_token,
            "api_base": fake_twilio.base_url,
            "messaging_service_sid": "",
        },
        worker={"transport": "twilio"},
    )
    bot.transport = None

    transport = bot.make_transport()
    transport.send(OutgoingMessage(to=people(1)[0], body="hoi"))
    transport.close()

    assert isinstance(transport, TwilioTransport)
    [arrived] = fake_twilio.messages
    assert arrived.fields["From"] == bot.config.twilio.whatsapp_from
    assert "MessagingServiceSid" not in arrived.fields
