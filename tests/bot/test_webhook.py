"""The inbound webhook: signatures, storage once per MessageSid, bad input."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import func, select

from bot.inbound import InboundMessage
from bot.outbox import OutboxMessage
from tests import twilio_forms
from tests.bot.sample_plugin import ADMIN, MEMBER

PLUGINS = ("tests.bot.sample_plugin",)


@pytest.fixture
def bot(make_bot):
    return make_bot(plugins=PLUGINS)


@pytest.fixture
def whatsapp(bot, whatsapp_for):
    return whatsapp_for(bot)


def _count(bot, table) -> int:
    with bot.db.transaction() as session:
        return session.scalar(select(func.count()).select_from(table))


def test_signed_message_is_answered_with_empty_twiml(whatsapp):
    response = whatsapp.send(MEMBER, "echo hallo")

    assert response.status_code == 200
    assert response.mimetype == "text/xml"
    assert b"<Response></Response>" in response.data
    assert whatsapp.last(MEMBER) == "Jij zei: hallo"


@pytest.mark.parametrize(
    "signature",
    [pytest.param("", id="unsigned"), pytest.param("Zm9yZ2Vk", id="forged")],
)
def test_no_effect_without_a_valid_signature(bot, whatsapp, signature, caplog):
    form = twilio_forms.inbound(MEMBER, "echo hallo")
    with caplog.at_level(logging.WARNING):
        response = whatsapp.post("/twilio/whatsapp", form, signature=signature)

    assert response.status_code == 403
    assert _count(bot, InboundMessage) == 0
    assert _count(bot, OutboxMessage) == 0
    assert any("signature" in r.message for r in caplog.records)


def test_no_effect_when_signed_for_another_url(bot, whatsapp):
    form = twilio_forms.inbound(MEMBER, "echo hallo")
    signature = twilio_forms.sign("http://internal:8080/twilio/whatsapp", form)

    response = whatsapp.post("/twilio/whatsapp", form, signature=signature)

    assert response.status_code == 403


def test_no_effect_when_a_signed_field_is_changed(bot, whatsapp):
    form = twilio_forms.inbound(MEMBER, "echo hallo")
    signature = twilio_forms.sign(whatsapp_url(), form)
    form["Body"] = "geheim"

    response = whatsapp.post("/twilio/whatsapp", form, signature=signature)

    assert response.status_code == 403


def whatsapp_url() -> str:
    from tests.conftest import PUBLIC_URL

    return PUBLIC_URL + "/twilio/whatsapp"


def test_replayed_message_sid_is_handled_once(bot, whatsapp):
    form = twilio_forms.inbound(MEMBER, "echo een keer")

    first = whatsapp.post("/twilio/whatsapp", form)
    second = whatsapp.post("/twilio/whatsapp", form)

    assert (first.status_code, second.status_code) == (200, 200)
    assert whatsapp.inbox(MEMBER) == ["Jij zei: een keer"]
    assert _count(bot, InboundMessage) == 1


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"MessageSid": ""}, id="no-message-sid"),
        pytest.param({"MessageSid": "not-a-sid"}, id="bad-message-sid"),
        pytest.param({"From": ""}, id="no-from"),
        pytest.param({"From": "+31600000002"}, id="sms-from"),
        pytest.param({"NumMedia": "many"}, id="bad-num-media"),
        pytest.param({"Latitude": "north", "Longitude": "4.4"}, id="bad-latitude"),
    ],
)
def test_no_row_for_a_malformed_request(bot, whatsapp, change):
    form = {**twilio_forms.inbound(MEMBER, "echo hallo"), **change}

    response = whatsapp.post("/twilio/whatsapp", form)

    assert response.status_code == 400
    assert _count(bot, InboundMessage) == 0


def test_no_500_for_a_body_that_is_not_a_form(bot, whatsapp):
    response = whatsapp.client.post(
        "/twilio/whatsapp", data=b"\xff\xfe{not json", content_type="application/json"
    )

    assert response.status_code == 400


def test_no_500_for_non_utf8_bytes(bot, whatsapp):
    body = b"Body=%FF%FEhallo&From=whatsapp%3A%2B31600000002&MessageSid=SM" + b"a" * 32
    response = whatsapp.client.post(
        "/twilio/whatsapp",
        data=body,
        content_type="application/x-www-form-urlencoded",
        headers={"X-Twilio-Signature": "x"},
    )

    assert response.status_code == 403


def test_no_500_for_an_oversized_request(bot, whatsapp):
    form = twilio_forms.inbound(MEMBER, "x" * 200_000)

    response = whatsapp.post("/twilio/whatsapp", form)

    assert response.status_code in (400, 413)
    assert _count(bot, InboundMessage) == 0


def test_long_emoji_body_is_handled(whatsapp):
    body = "echo " + "Let op 🚨 verdachte persoon 👀 " * 53
    body = body[:1600]

    response = whatsapp.send(MEMBER, body, ProfileName="Ahmed 🏠")

    assert response.status_code == 200
    assert whatsapp.inbox(MEMBER)[0].startswith("Jij zei: Let op 🚨")


def test_whitespace_body_gets_a_hint(whatsapp):
    whatsapp.send(MEMBER, "   \n  ")

    assert "leeg bericht" in whatsapp.last(MEMBER)


def test_username_sender_is_answered(whatsapp):
    username = "whatsapp:NL.1502576394655843"

    response = whatsapp.send(username, "echo hoi", WaId="")

    assert response.status_code == 200
    assert whatsapp.last(username) == "Jij zei: hoi"


def test_media_without_text_reaches_the_default_handler(whatsapp):
    media = "https://api.twilio.com/2010-04-01/Accounts/AC0/Messages/MM1/Media/ME1"
    whatsapp.send(
        MEMBER,
        "",
        NumMedia="1",
        MediaUrl0=media,
        MediaContentType0="image/jpeg",
        MessageType="image",
    )

    assert whatsapp.last(MEMBER) == "Melding ontvangen."


def test_status_callback_needs_a_signature(whatsapp):
    form = twilio_forms.status("SM" + "b" * 32, "delivered", MEMBER)

    response = whatsapp.post("/twilio/status", form, signature="Zm9yZ2Vk")

    assert response.status_code == 403


def test_signature_checks_can_be_switched_off_loudly(make_bot, whatsapp_for, caplog):
    with caplog.at_level(logging.WARNING):
        bot = make_bot(plugins=PLUGINS, twilio={"validate_signature": False})
        whatsapp = whatsapp_for(bot)

    response = whatsapp.post(
        "/twilio/whatsapp", twilio_forms.inbound(ADMIN, "echo hoi"), signature=""
    )

    assert response.status_code == 200
    assert any("SIGNATURE CHECKS ARE OFF" in r.message for r in caplog.records)


def test_no_forged_log_line_from_a_newline_in_from(bot, whatsapp):
    form = twilio_forms.inbound(MEMBER, "echo hallo")
    form["From"] = "whatsapp:+31600000002\nINFO forged"

    response = whatsapp.post("/twilio/whatsapp", form)

    assert response.status_code == 400
    assert _count(bot, InboundMessage) == 0


@pytest.mark.parametrize(
    "body",
    ["\u200b\u200b", "\x00", "\u202e\u200d"],
    ids=["zero-width-spaces", "nul", "bidi-override"],
)
def test_invisible_body_is_empty(whatsapp, body):
    whatsapp.send(MEMBER, body)

    assert "leeg bericht" in whatsapp.last(MEMBER)


def test_nul_bytes_are_dropped_from_text(whatsapp):
    whatsapp.send(MEMBER, "echo hal\x00lo")

    assert whatsapp.last(MEMBER) == "Jij zei: hallo"
