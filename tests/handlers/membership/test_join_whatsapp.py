"""Joining by WhatsApp: the conversation, its refusals, and the approval."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.runner import expire_conversations
from models.membership import JoinRequest
from models.network import Neighbourhood, Town
from tests.handlers.membership.helpers import (
    ANJA,
    GERRIT,
    HOORNES_ADMINS,
    JOKE,
    KEES,
    NEWCOMER,
    PIETER,
    SANNE,
    USERNAME,
    join_by_whatsapp,
    person,
)


def test_stranger_is_told_how_to_join(katwijk_whatsapp):
    katwijk_whatsapp.send(NEWCOMER, "Hallo, wat is dit?")

    assert "Stuur 'aanmelden'" in katwijk_whatsapp.last(NEWCOMER)


def test_conversation_ends_in_a_request_to_the_neighbourhoods_admins(
    katwijk_whatsapp,
):
    code = join_by_whatsapp(katwijk_whatsapp)

    for admin in HOORNES_ADMINS:
        (request,) = katwijk_whatsapp.inbox(admin)
        assert "Nina Zeeman, Zeeweg (via WhatsApp)" in request
        assert f"goedkeuren {code}" in request
        assert "12" not in request.split("Zeeweg")[1].split("\n")[0]
    assert katwijk_whatsapp.inbox(GERRIT) == []
    assert person(katwijk_whatsapp.bot, NEWCOMER).status == "pending"


def test_the_house_rules_come_with_the_112_rule(katwijk_whatsapp):
    for text in ("aanmelden", "Nina Zeeman", "Zeeweg 12, 2224 AB", "ja"):
        katwijk_whatsapp.send(NEWCOMER, text)

    rules = katwijk_whatsapp.last(NEWCOMER)
    assert "112" in rules
    assert "Signaleer, Alarmeer 112, App, Reageer" in rules
    assert "akkoord" in rules


def test_approval_welcomes_and_tells_the_other_admins_one_line(katwijk_whatsapp):
    code = join_by_whatsapp(katwijk_whatsapp)

    katwijk_whatsapp.send(JOKE, f"goedkeuren {code}")

    welcome = katwijk_whatsapp.last(NEWCOMER)
    assert welcome.startswith("Welkom bij BuurtAlert Hoornes, Nina!")
    assert "112" in welcome
    assert katwijk_whatsapp.last(JOKE).startswith("Goedgekeurd: Nina Zeeman")
    for other in (PIETER, SANNE):
        assert (
            katwijk_whatsapp.last(other) == f"{code} (Nina) is goedgekeurd door Joke."
        )
    assert person(katwijk_whatsapp.bot, NEWCOMER).status == "active"


def test_rejection_is_polite_and_gives_the_reason(katwijk_whatsapp):
    code = join_by_whatsapp(katwijk_whatsapp)

    katwijk_whatsapp.send(PIETER, f"afwijzen {code} woont niet in de buurt")

    message = katwijk_whatsapp.last(NEWCOMER)
    assert "niet goedgekeurd" in message
    assert "Reden: woont niet in de buurt" in message
    assert katwijk_whatsapp.last(JOKE) == f"{code} (Nina) is afgewezen door Pieter."
    assert person(katwijk_whatsapp.bot, NEWCOMER).status == "left"


def test_first_answer_wins(katwijk_whatsapp):
    code = join_by_whatsapp(katwijk_whatsapp)

    katwijk_whatsapp.send(JOKE, f"goedkeuren {code}")
    katwijk_whatsapp.send(PIETER, f"afwijzen {code}")

    assert katwijk_whatsapp.last(PIETER) == (
        f"{code} is al afgehandeld door Joke. Je hoeft niets te doen."
    )
    messages = katwijk_whatsapp.inbox(NEWCOMER)
    assert sum(m.startswith("Welkom bij BuurtAlert") for m in messages) == 1
    assert not any("niet goedgekeurd" in m for m in messages)


def test_no_approval_by_an_admin_of_another_neighbourhood(katwijk_whatsapp):
    code = join_by_whatsapp(katwijk_whatsapp)

    katwijk_whatsapp.send(GERRIT, f"goedkeuren {code}")

    assert katwijk_whatsapp.last(GERRIT) == f"Ik ken geen aanmelding met code {code}."
    assert person(katwijk_whatsapp.bot, NEWCOMER).status == "pending"


def test_coordinator_may_approve_anywhere(katwijk_whatsapp):
    code = join_by_whatsapp(katwijk_whatsapp)

    katwijk_whatsapp.send(ANJA, f"approve {code.lower()}")

    assert person(katwijk_whatsapp.bot, NEWCOMER).status == "active"
    assert katwijk_whatsapp.last(JOKE) == f"{code} (Nina) is goedgekeurd door Anja."


def test_no_neighbourhood_for_the_postcode_is_said_clearly(katwijk_whatsapp):
    for text in ("aanmelden", "Nina Zeeman", "Damrak 1, 1012 LG"):
        katwijk_whatsapp.send(NEWCOMER, text)

    assert "Voor postcode 1012 LG is er (nog) geen buurtgroep" in (
        katwijk_whatsapp.last(NEWCOMER)
    )
    katwijk_whatsapp.send(NEWCOMER, "Zeeweg 12, 2224 AB")
    assert "Hoornes" in katwijk_whatsapp.last(NEWCOMER)


def test_several_neighbourhoods_are_a_choice(katwijk_bot, whatsapp_for):
    with katwijk_bot.db.transaction() as session:
        town = session.scalar(select(Town).where(Town.name == "Katwijk"))
        session.add(
            Neighbourhood(
                slug="hoornes-oost", name="Hoornes-Oost", town=town, postcodes=["2224"]
            )
        )
    whatsapp = whatsapp_for(katwijk_bot)
    for text in ("aanmelden", "Nina Zeeman", "Zeeweg 12, 2224 AB"):
        whatsapp.send(NEWCOMER, text)

    choice = whatsapp.last(NEWCOMER)
    whatsapp.send(NEWCOMER, "2" if "2. Hoornes-Oost" in choice else "1")
    whatsapp.send(NEWCOMER, "akkoord")

    assert "1. Hoorne" in choice and "2. Hoorne" in choice
    assert person(katwijk_bot, NEWCOMER).neighbourhood.slug == "hoornes-oost"


@pytest.mark.parametrize(
    "word", ["stop", "terug", "Stop"], ids=["stop", "terug", "caps"]
)
def test_stop_or_back_cancels_the_conversation(katwijk_whatsapp, word):
    for text in ("aanmelden", "Nina Zeeman", word):
        katwijk_whatsapp.send(NEWCOMER, text)

    assert katwijk_whatsapp.last(NEWCOMER) == "Aanmelden gestopt. Er is niets bewaard."
    assert person(katwijk_whatsapp.bot, NEWCOMER) is None


def test_a_day_of_silence_ends_the_conversation(katwijk_whatsapp, clock):
    katwijk_whatsapp.send(NEWCOMER, "aanmelden")
    clock.advance(hours=25)

    assert expire_conversations(katwijk_whatsapp.bot) == 1
    assert "een dag stil" in katwijk_whatsapp.last(NEWCOMER)


def test_username_sender_can_join_and_admins_are_told(katwijk_whatsapp):
    code = join_by_whatsapp(katwijk_whatsapp, sender=USERNAME)

    request = katwijk_whatsapp.last(JOKE)
    assert "gebruikersnaam, zonder telefoonnummer" in request
    katwijk_whatsapp.send(JOKE, f"goedkeuren {code}")
    assert katwijk_whatsapp.last(USERNAME).startswith("Welkom")
    assert person(katwijk_whatsapp.bot, USERNAME).phone is None


def test_no_second_request_from_a_member(katwijk_whatsapp):
    katwijk_whatsapp.send(KEES, "aanmelden")

    assert katwijk_whatsapp.last(KEES).startswith("Je bent al deelnemer van Hoornes")
    with katwijk_whatsapp.bot.db.transaction() as session:
        assert session.scalars(select(JoinRequest)).all() == []


def test_forget_me_in_the_middle_of_joining_is_no_name(katwijk_whatsapp):
    katwijk_whatsapp.send(NEWCOMER, "aanmelden")

    katwijk_whatsapp.send(NEWCOMER, "Vergeet mij.")

    assert katwijk_whatsapp.last(NEWCOMER).startswith("Je gegevens zijn gewist.")
    assert person(katwijk_whatsapp.bot, NEWCOMER) is None
