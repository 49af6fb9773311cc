"""Admins manage members: list, add, remove, only within their own reach."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from models.audit import AuditEntry
from models.network import Neighbourhood, Person
from tests.handlers.membership.helpers import (
    ANJA,
    BRAM,
    GERRIT,
    JOKE,
    KEES,
    NEWCOMER,
    person,
)


def test_admin_lists_their_own_members(katwijk_whatsapp):
    katwijk_whatsapp.send(JOKE, "leden")

    listing = katwijk_whatsapp.last(JOKE)
    assert listing.startswith("Deelnemers van Hoornes (7), pagina 1 van 1:")
    assert "• Joke van der Plas, +31612341001 (beheerder)" in listing
    assert "• Kees Varkevisser, +31612341011" in listing
    assert "Bram" not in listing


@pytest.mark.parametrize(
    "text",
    ["leden zee-centrum", "members Katwijk aan Zee Centrum"],
    ids=["slug", "name"],
)
def test_no_member_list_of_another_neighbourhood(katwijk_whatsapp, text):
    katwijk_whatsapp.send(JOKE, text)

    reply = katwijk_whatsapp.last(JOKE)
    assert "Bram" not in reply
    assert "dat regelen de beheerders daar" in reply


def test_coordinator_names_the_neighbourhood(katwijk_whatsapp):
    katwijk_whatsapp.send(ANJA, "leden")
    katwijk_whatsapp.send(ANJA, "leden zee-centrum")

    which, listing = katwijk_whatsapp.inbox(ANJA)
    assert "Over welke buurt?" in which
    assert "Bram van Duijn" in listing


def test_long_lists_are_paged(katwijk_bot, whatsapp_for):
    with katwijk_bot.db.transaction() as session:
        hood = session.scalar(
            select(Neighbourhood).where(Neighbourhood.slug == "hoornes")
        )
        for n in range(30):
            session.add(
                Person(
                    name=f"Buur {n:02}",
                    phone=f"+316200000{n:02}",
                    whatsapp_address=f"whatsapp:+316200000{n:02}",
                    neighbourhood=hood,
                    status="active",
                )
            )
    whatsapp = whatsapp_for(katwijk_bot)

    whatsapp.send(JOKE, "leden")
    whatsapp.send(JOKE, "leden 2")

    first, second = whatsapp.inbox(JOKE)
    assert "pagina 1 van 2" in first and first.endswith("leden hoornes 2")
    assert "pagina 2 van 2" in second
    assert len(first) < 1600


def test_added_person_becomes_a_member_after_ja(katwijk_whatsapp):
    katwijk_whatsapp.send(JOKE, "toevoegen 0687654321 Nina Zeeman")

    invitation = katwijk_whatsapp.last(NEWCOMER)
    katwijk_whatsapp.send(NEWCOMER, "ja")

    assert "Uitnodiging verstuurd aan Nina Zeeman" in katwijk_whatsapp.last(JOKE)
    assert "nodigt je uit" in invitation and "Antwoord 'ja'" in invitation
    assert katwijk_whatsapp.last(NEWCOMER).startswith("Welkom bij BuurtAlert Hoornes")
    assert person(katwijk_whatsapp.bot, NEWCOMER).status == "active"


def test_no_membership_without_ja(katwijk_whatsapp):
    katwijk_whatsapp.send(JOKE, "add +31687654321 Nina Zeeman")

    assert person(katwijk_whatsapp.bot, NEWCOMER).status == "invited"


def test_no_adding_someone_who_is_already_a_member(katwijk_whatsapp):
    katwijk_whatsapp.send(GERRIT, "toevoegen 0612341011 Kees")

    assert katwijk_whatsapp.last(GERRIT) == "Dit nummer is al deelnemer van BuurtAlert."
    assert person(katwijk_whatsapp.bot, KEES).neighbourhood.slug == "hoornes"


def test_coordinator_adds_to_any_neighbourhood(katwijk_whatsapp):
    katwijk_whatsapp.send(ANJA, "toevoegen zee-centrum 0687654321 Nina Zeeman")

    assert "Katwijk aan Zee Centrum" in katwijk_whatsapp.last(NEWCOMER)


def test_removed_member_is_told(katwijk_whatsapp):
    katwijk_whatsapp.send(JOKE, "verwijder Kees")

    assert "Kees Varkevisser is uit Hoornes verwijderd" in katwijk_whatsapp.last(JOKE)
    assert "uit BuurtAlert Hoornes gehaald" in katwijk_whatsapp.last(KEES)
    assert person(katwijk_whatsapp.bot, KEES).status == "left"


@pytest.mark.parametrize(
    "who", ["Bram", "+31612342011", "06-12342011"], ids=["name", "e164", "dutch"]
)
def test_no_removing_a_member_of_another_neighbourhood(katwijk_whatsapp, who):
    katwijk_whatsapp.send(JOKE, f"verwijder {who}")

    assert katwijk_whatsapp.last(JOKE).startswith("Ik vind geen deelnemer")
    assert katwijk_whatsapp.inbox(BRAM) == []
    assert person(katwijk_whatsapp.bot, BRAM).status == "active"


def test_no_admin_commands_for_a_member(katwijk_whatsapp):
    katwijk_whatsapp.send(KEES, "leden")

    assert "niet voor jou" in katwijk_whatsapp.last(KEES)


def test_admin_actions_are_audited(katwijk_whatsapp):
    katwijk_whatsapp.send(JOKE, "leden")
    katwijk_whatsapp.send(JOKE, "toevoegen 0687654321 Nina Zeeman")
    katwijk_whatsapp.send(JOKE, "verwijder Kees")

    with katwijk_whatsapp.bot.db.transaction() as session:
        actions = [
            e.action
            for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))
        ]
    assert actions == ["members.list", "member.invite", "member.remove"]
