"""Conversations: state in the database, surviving restarts, timing out."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.runner import expire_conversations
from tests.bot.sample_plugin import MEMBER

PLUGINS = ("tests.bot.sample_plugin",)


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock():
    return Clock()


def test_conversation_survives_a_restart(make_bot, whatsapp_for, clock):
    first = whatsapp_for(make_bot(plugins=PLUGINS, clock=clock))
    first.send(MEMBER, "begin")
    first.send(MEMBER, "Joke")
    before = first.inbox(MEMBER)
    first.bot.db.dispose()

    second = whatsapp_for(make_bot(plugins=PLUGINS, clock=clock))
    second.send(MEMBER, "oranje")

    assert before == ["Hoe heet je?", "Welke kleur, Joke?"]
    assert second.inbox(MEMBER) == ["Joke houdt van oranje."]


def test_conversation_ends_with_a_message_after_its_timeout(
    make_bot, whatsapp_for, clock
):
    whatsapp = whatsapp_for(make_bot(plugins=PLUGINS, clock=clock))
    whatsapp.send(MEMBER, "begin")
    clock.now += dt.timedelta(minutes=11)

    ended = expire_conversations(whatsapp.bot)
    whatsapp.send(MEMBER, "Joke")

    assert ended == 1
    assert whatsapp.inbox(MEMBER)[1].startswith("We zijn gestopt")
    assert whatsapp.last(MEMBER) == "Melding ontvangen."


def test_stop_cancels_a_conversation(make_bot, whatsapp_for, clock):
    whatsapp = whatsapp_for(make_bot(plugins=PLUGINS, clock=clock))
    whatsapp.send(MEMBER, "begin")

    whatsapp.send(MEMBER, "Stop")
    whatsapp.send(MEMBER, "Joke")

    assert whatsapp.inbox(MEMBER)[1] == "Gestopt. Er is niets bewaard."
    assert whatsapp.last(MEMBER) == "Melding ontvangen."
