"""Residents: reports to their neighbourhood, questions to their admins."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from models.alerts import Alert
from tests.handlers.conftest import receivers, wa
from tests.handlers.katwijk_people import (
    ANJA,
    BRAM,
    COR,
    HOORNES_ADMINS,
    HOORNES_MEMBERS,
    JOKE,
    KEES,
    NEL,
)

REPORT = "Er staat een busje met draaiende motor bij de speeltuin"


def test_report_reaches_the_neighbourhood_once(katwijk):
    katwijk.send(KEES, REPORT)

    got = receivers(katwijk, "Melding #1 van Kees (Hoornes)")
    assert set(got) == (HOORNES_ADMINS | HOORNES_MEMBERS) - {wa(KEES)}
    assert set(got.values()) == {1}
    assert wa(BRAM) not in got
    assert wa(ANJA) not in got  # the admin group stays quiet


def test_report_without_112_gets_a_private_reminder(katwijk):
    katwijk.send(KEES, REPORT)

    reply = katwijk.last(KEES)
    assert reply.startswith("Dank je, Kees. Je melding #1 is gedeeld met 6 buren.")
    assert "SAAR: Signaleer, Alarmeer 112, App, Reageer" in reply
    assert "SAAR" not in katwijk.last(JOKE)


def test_report_that_mentions_112_gets_no_reminder(katwijk):
    katwijk.send(KEES, "Inbraak bezig op nummer 12, 112 is gebeld")

    assert "SAAR" not in katwijk.last(KEES)


def test_admins_can_act_on_a_report(katwijk):
    katwijk.send(KEES, REPORT)

    assert "'opschalen 1'" in katwijk.last(JOKE)
    assert "opschalen" not in katwijk.last("+31612341012")


def test_report_carries_photo_and_location(katwijk_bot, katwijk):
    katwijk.send(
        KEES,
        REPORT,
        NumMedia="1",
        MediaUrl0="https://media.example.test/ME0123",
        MediaContentType0="image/jpeg",
        Latitude="52.2019",
        Longitude="4.4105",
        Label="Speeltuin Hoornes",
    )

    message = katwijk.last("+31612341012")
    assert "📷" in message
    assert "📍 Locatie: Speeltuin Hoornes" in message
    with katwijk_bot.db.transaction() as session:
        alert = session.scalars(select(Alert)).one()
        assert alert.media == [
            {"url": "https://media.example.test/ME0123", "content_type": "image/jpeg"}
        ]
        assert (alert.latitude, alert.longitude) == (52.2019, 4.4105)


def test_report_in_a_relay_neighbourhood_goes_to_its_admins(katwijk):
    katwijk.send(COR, REPORT)

    got = receivers(katwijk, "Melding #1 van Cor")
    assert set(got) == {wa(NEL)}
    assert "eigen WhatsApp-groep" in katwijk.last(NEL)
    assert "naar de beheerders van Zanderij-Westerbaan" in katwijk.last(COR)


def test_chain_message_goes_to_the_admins_only(katwijk):
    katwijk.send(KEES, "Let op! Deel dit met iedereen!!", FrequentlyForwarded="true")

    got = receivers(katwijk, "Melding #1 van Kees")
    assert set(got) == HOORNES_ADMINS
    assert "vaak doorgestuurd" in katwijk.last(JOKE)
    assert "'door 1 hoornes'" in katwijk.last(JOKE)
    assert "beheerders kijken er eerst naar" in katwijk.last(KEES)


def test_chain_message_can_be_shared_by_an_admin(katwijk):
    katwijk.send(KEES, "Let op! Deel dit met iedereen!!", FrequentlyForwarded="true")

    katwijk.send(JOKE, "door 1 hoornes")

    got = receivers(katwijk, "Melding #1 van Kees")
    assert set(got) == (HOORNES_ADMINS | HOORNES_MEMBERS) - {wa(KEES)}
    assert set(got.values()) == {1}


@pytest.mark.parametrize("command", ["vraag", "ask"])
def test_question_goes_to_the_admins_only(katwijk, command):
    katwijk.send(KEES, f"{command} Mag ik mijn buurman ook aanmelden?")

    got = receivers(katwijk, "Vraag van Kees Varkevisser")
    assert set(got) == HOORNES_ADMINS
    assert "Mag ik mijn buurman ook aanmelden?" in katwijk.last(JOKE)
    assert katwijk.last(KEES) == "Je vraag is naar de beheerders van Hoornes gestuurd."


def test_no_report_from_someone_without_a_neighbourhood(katwijk_bot, katwijk):
    katwijk.send(ANJA, REPORT)

    assert katwijk.last(ANJA).startswith("Je hoort niet bij een buurt")
    with katwijk_bot.db.transaction() as session:
        assert session.scalars(select(Alert)).first() is None


@pytest.mark.parametrize(
    "text",
    ["Bedankt!", "dank je wel 🙏", "👍", "Top", "Oké!"],
    ids=["thanks", "thanks-emoji", "thumbs-up", "top", "ok"],
)
def test_no_alert_for_a_thank_you(katwijk_bot, katwijk, text):
    katwijk.send(KEES, text)

    with katwijk_bot.db.transaction() as session:
        assert session.scalars(select(Alert)).first() is None
    assert "Wil je iets melden" in katwijk.last(KEES)
    assert receivers(katwijk, text) == {}


def test_short_report_is_still_shared(katwijk):
    katwijk.send(KEES, "Brand!")

    assert wa(BRAM) not in receivers(katwijk, "Brand!")
    assert len(receivers(katwijk, "Brand!")) == 6


def test_help_tells_a_member_how_to_report(katwijk):
    katwijk.send(KEES, "hulp")

    assert "Iets gezien? Stuur het mij gewoon" in katwijk.last(KEES)
