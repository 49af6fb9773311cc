"""Away and back: afwezig, terug and beheerders, through the webhook."""

from __future__ import annotations

import datetime as dt

import pytest

from handlers.availability import parse_until
from handlers.escalation import fire_due
from models.network import person_by_address
from tests.handlers.conftest import received
from tests.handlers.escalation_helpers import (
    ANJA,
    JOKE,
    KEES,
    PIETER,
    SANNE,
    new_alert,
)


@pytest.fixture
def bot(escalation_bot):
    return escalation_bot()


@pytest.fixture
def whatsapp(bot, whatsapp_for):
    return whatsapp_for(bot)


def away_of(bot, phone):
    with bot.db.transaction() as session:
        person = person_by_address(session, f"whatsapp:{phone}")
        return person.away, person.away_until


def test_away_without_a_date_lasts_until_back(bot, whatsapp, escalation_clock):
    whatsapp.send(JOKE, "afwezig")

    assert whatsapp.last(JOKE).startswith("Je staat op afwezig.")
    escalation_clock.advance(days=400)
    new_alert(bot)
    fire_due(bot)
    assert received(bot, JOKE, kind="nudge") == []
    assert len(received(bot, PIETER, kind="nudge")) == 1


def test_back_gets_nudges_again(bot, whatsapp):
    whatsapp.send(JOKE, "afwezig")
    whatsapp.send(JOKE, "terug")

    assert whatsapp.last(JOKE) == "Welkom terug! Je krijgt weer herinneringen."
    assert away_of(bot, JOKE) == (False, None)
    new_alert(bot)
    fire_due(bot)
    assert len(received(bot, JOKE, kind="nudge")) == 1


def test_back_when_not_away(whatsapp):
    whatsapp.send(JOKE, "back")

    assert whatsapp.last(JOKE).startswith("Je stond niet op afwezig")


@pytest.mark.parametrize(
    ("text", "shown", "until"),
    [
        pytest.param("afwezig tot 12-12", "12-12-2026", "2026-12-11 23:00", id="dm"),
        pytest.param("afwezig tot 3-1", "3-1-2027", "2027-01-02 23:00", id="next-year"),
        pytest.param(
            "away until 1-7-2026", "1-7-2026", "2026-06-30 22:00", id="summer-time"
        ),
        pytest.param("afwezig 20/6", "20-6-2026", "2026-06-19 22:00", id="slash"),
    ],
)
def test_away_until_the_start_of_a_day_in_the_bot_zone(
    bot, whatsapp, text, shown, until
):
    whatsapp.send(JOKE, text)

    assert shown in whatsapp.last(JOKE)
    expected = dt.datetime.fromisoformat(until).replace(tzinfo=dt.UTC)
    assert away_of(bot, JOKE) == (True, expected)


def test_away_ends_by_itself_on_that_day(bot, whatsapp, escalation_clock):
    whatsapp.send(JOKE, "afwezig tot 12-6")

    escalation_clock.set(dt.datetime(2026, 6, 11, 21, 59, tzinfo=dt.UTC))
    new_alert(bot)
    fire_due(bot)
    escalation_clock.set(dt.datetime(2026, 6, 11, 22, 0, tzinfo=dt.UTC))
    new_alert(bot)
    fire_due(bot)

    assert len(received(bot, JOKE, kind="nudge")) == 1
    assert len(received(bot, PIETER, kind="nudge")) == 1


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        pytest.param("afwezig tot morgen", "Die datum begrijp ik niet", id="word"),
        pytest.param("afwezig tot 31-2", "Die datum begrijp ik niet", id="no-day"),
        pytest.param("afwezig tot 1-1-2020", "1-1-2020 is al geweest", id="past"),
        pytest.param("afwezig tot 10-6-2026", "is al geweest", id="today"),
    ],
)
def test_no_away_for_a_day_that_is_not_ahead(bot, whatsapp, text, reply):
    whatsapp.send(JOKE, text)

    assert reply in whatsapp.last(JOKE)
    assert away_of(bot, JOKE) == (False, None)


def test_no_away_for_a_member(bot, whatsapp):
    whatsapp.send(KEES, "afwezig")

    assert "niet voor jou" in whatsapp.last(KEES)
    assert away_of(bot, KEES) == (False, None)


def test_admins_lists_primary_backups_and_who_is_away(whatsapp):
    whatsapp.send(PIETER, "afwezig tot 12-12")
    whatsapp.send(SANNE, "afwezig")

    whatsapp.send(JOKE, "beheerders")

    assert whatsapp.last(JOKE) == (
        "Beheerders van Hoornes:\n"
        "• Joke van der Plas, hoofdbeheerder\n"
        "• Pieter Haasnoot, mede-beheerder (afwezig tot 12-12-2026)\n"
        "• Sanne Guijt, mede-beheerder (afwezig)"
    )


def test_coordinator_names_the_neighbourhood(whatsapp):
    whatsapp.send(ANJA, "admins Katwijk aan Zee Centrum")

    assert whatsapp.last(ANJA).splitlines() == [
        "Beheerders van Katwijk aan Zee Centrum:",
        "• Gerrit Zwetsloot, hoofdbeheerder",
        "• Ineke Kuyt, mede-beheerder",
    ]


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        pytest.param("beheerders", "Welke buurt?", id="no-neighbourhood"),
        pytest.param("beheerders atlantis", "Die buurt ken ik niet", id="unknown"),
    ],
)
def test_no_admins_list_without_a_known_neighbourhood(whatsapp, text, reply):
    whatsapp.send(ANJA, text)

    assert reply in whatsapp.last(ANJA)


def test_no_admins_list_for_a_member(whatsapp):
    whatsapp.send(KEES, "beheerders")

    assert "niet voor jou" in whatsapp.last(KEES)


def test_coordinator_away_is_skipped(bot, whatsapp):
    whatsapp.send(ANJA, "afwezig")
    new_alert(bot, neighbourhood=None)

    fire_due(bot)

    assert received(bot, ANJA, kind="nudge") == []
    assert len(received(bot, "+31612340002", kind="nudge")) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("tot 12-12", dt.date(2026, 12, 12), id="tot"),
        pytest.param("until 1.2", dt.date(2027, 2, 1), id="until-dots"),
        pytest.param("10-6", dt.date(2027, 6, 10), id="today-is-next-year"),
        pytest.param("5-5-2030", dt.date(2030, 5, 5), id="with-year"),
    ],
)
def test_parse_until(text, expected):
    assert parse_until(text, dt.date(2026, 6, 10)) == expected
