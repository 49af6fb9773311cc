"""Routing and running handlers: commands, roles, help, hints, failures."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from bot.inbound import InboundMessage
from tests.bot.sample_plugin import ADMIN, MEMBER

PLUGINS = ("tests.bot.sample_plugin",)
STRANGER = "whatsapp:+31600000099"


@pytest.fixture
def bot(make_bot):
    return make_bot(plugins=PLUGINS)


@pytest.fixture
def whatsapp(bot, whatsapp_for):
    return whatsapp_for(bot)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("geheim", id="plain"),
        pytest.param("GEHEIM", id="upper-case"),
        pytest.param("/geheim", id="slash"),
        pytest.param("!Geheim", id="bang"),
        pytest.param("secret", id="english-alias"),
        pytest.param("gehéim", id="accent"),
    ],
)
def test_command_spellings_reach_the_command(whatsapp, text):
    whatsapp.send(ADMIN, text)

    assert whatsapp.last(ADMIN) == "Het geheim is 42."


def test_no_admin_command_for_a_member(whatsapp):
    whatsapp.send(MEMBER, "geheim")

    reply = whatsapp.last(MEMBER)
    assert "niet voor jou" in reply
    assert "42" not in reply


def test_help_lists_only_what_the_sender_may_use(whatsapp):
    whatsapp.send(ADMIN, "hulp")
    whatsapp.send(MEMBER, "help")

    admin_help, member_help = whatsapp.last(ADMIN), whatsapp.last(MEMBER)
    assert "geheim" in admin_help
    assert "geheim" not in member_help
    assert "echo <tekst>" in member_help
    assert "boem" not in admin_help


def test_wrong_arguments_answer_with_usage(whatsapp):
    whatsapp.send(MEMBER, "tel twaalf")

    assert whatsapp.last(MEMBER) == "Zo gebruik je het: tel <getal>"


def test_arguments_are_parsed(whatsapp):
    whatsapp.send(MEMBER, "tel 12")

    assert whatsapp.last(MEMBER) == "Tot 12 geteld."


def test_unknown_command_suggests_the_closest(whatsapp):
    whatsapp.send(STRANGER, "/ech hallo")

    assert whatsapp.last(STRANGER) == "Dat commando ken ik niet. Bedoel je 'echo'?"


def test_short_typo_is_not_taken_as_a_report(whatsapp):
    whatsapp.send(ADMIN, "gehiem")

    assert "Bedoel je 'geheim'?" in whatsapp.last(ADMIN)


def test_free_text_goes_to_the_role_default(whatsapp):
    whatsapp.send(MEMBER, "Er loopt iemand rond bij de garages")

    assert whatsapp.last(MEMBER) == "Melding ontvangen."


def test_button_payload_reaches_its_handler(whatsapp):
    whatsapp.send(
        MEMBER,
        "Ik pak het op",
        ButtonPayload="press:17",
        ButtonText="Ik pak het op",
        MessageType="interactive",
    )

    assert whatsapp.last(MEMBER) == "Knop 17."


def test_handler_error_rolls_back_and_apologises(bot, whatsapp, caplog):
    with caplog.at_level(logging.ERROR):
        response = whatsapp.send(ADMIN, "boem")

    messages = whatsapp.inbox(ADMIN)
    assert response.status_code == 200
    assert len(messages) == 1
    assert messages[0].startswith("Sorry, er ging iets mis")
    ref = messages[0].rsplit("ref ", 1)[1].rstrip(")")
    with bot.db.transaction() as session:
        row = session.scalars(select(InboundMessage)).one()
    assert (row.state, row.error_ref) == ("failed", ref)
    assert any(ref in r.message and r.exc_info for r in caplog.records)


def test_english_when_configured(make_bot, whatsapp_for):
    whatsapp = whatsapp_for(make_bot(plugins=PLUGINS, bot={"language": "en"}))

    whatsapp.send(MEMBER, "tel 3")

    assert whatsapp.last(MEMBER) == "Counted to 3."


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Geheim: er loopt iemand rond", id="refused-command-word"),
        pytest.param(
            "Hulp, er wordt ingebroken bij de buren", id="no-argument-command"
        ),
    ],
)
def test_a_sentence_that_starts_with_a_command_word_is_a_report(whatsapp, text):
    whatsapp.send(MEMBER, text)

    assert whatsapp.last(MEMBER) == "Melding ontvangen."


def test_no_report_for_a_command_with_a_number(whatsapp):
    whatsapp.send(MEMBER, "geheim 17 nu")

    assert "niet voor jou" in whatsapp.last(MEMBER)


@pytest.mark.parametrize(
    "text",
    ["Geheim.", "geheim!", "/geheim?"],
    ids=["full-stop", "exclamation", "question"],
)
def test_punctuation_after_a_command_is_ignored(whatsapp, text):
    whatsapp.send(ADMIN, text)

    assert whatsapp.last(ADMIN) == "Het geheim is 42."


def test_number_stuck_to_a_command_counts_apart(whatsapp):
    whatsapp.send(MEMBER, "tel12")

    assert whatsapp.last(MEMBER) == "Tot 12 geteld."


def test_help_works_in_the_middle_of_a_conversation(whatsapp):
    whatsapp.send(MEMBER, "begin")
    whatsapp.send(MEMBER, "hulp")
    whatsapp.send(MEMBER, "Joke")

    messages = whatsapp.inbox(MEMBER)
    assert messages[1].startswith("Dit kun je mij sturen:")
    assert messages[2] == "Welke kleur, Joke?"
