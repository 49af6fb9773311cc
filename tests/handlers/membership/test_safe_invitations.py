"""Names that are no names, and police numbers, in every way of joining."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.db import utcnow
from models.network import Person
from tests.handlers.membership.helpers import JOKE, NEWCOMER, person
from tests.handlers.membership.test_cli import cli

__all__ = ["cli"]

POLICE_PERSON = "+31612340000"  # Meldkamer Den Haag in the demo network
LISTED_POLICE = "+31687650000"


def people_count(bot) -> int:
    with bot.db.transaction() as session:
        return session.scalar(select(func.count(Person.id)))


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("https://evil.example/betaal-hier", id="url"),
        pytest.param("Betaal op evil.example nu", id="domain"),
        pytest.param("Bel 0900-1234567", id="digits"),
    ],
)
def test_no_link_as_a_name_in_the_join_conversation(katwijk_whatsapp, name):
    katwijk_whatsapp.send(NEWCOMER, "aanmelden")

    katwijk_whatsapp.send(NEWCOMER, name)

    assert "zonder links of tekens" in katwijk_whatsapp.last(NEWCOMER)
    katwijk_whatsapp.send(NEWCOMER, "Nina Zeeman")
    assert katwijk_whatsapp.last(NEWCOMER).startswith("Dank je, Nina.")


def test_no_link_as_a_name_from_an_admin(katwijk_whatsapp):
    katwijk_whatsapp.send(JOKE, "toevoegen 0687654321 https://evil.example/betaal")

    assert "zonder links of tekens" in katwijk_whatsapp.last(JOKE)
    assert katwijk_whatsapp.inbox(NEWCOMER) == []


@pytest.fixture
def police_whatsapp(make_katwijk_bot, whatsapp_for, clock):
    bot = make_katwijk_bot(clock=clock, police={"numbers": ["06 8765 0000"]})
    return whatsapp_for(bot)


@pytest.mark.parametrize(
    "phone",
    [
        pytest.param(POLICE_PERSON, id="police-person"),
        pytest.param(LISTED_POLICE, id="listed-number"),
    ],
)
def test_no_invitation_for_the_police_from_an_admin(police_whatsapp, phone):
    before = people_count(police_whatsapp.bot)

    police_whatsapp.send(JOKE, f"toevoegen {phone} Iemand Anders")

    assert police_whatsapp.inbox(phone) == []
    assert people_count(police_whatsapp.bot) == before
    assert "meldkamer" in police_whatsapp.last(JOKE)


def test_no_invitation_for_the_police_by_import(cli, katwijk_whatsapp, clock, tmp_path):
    source = tmp_path / "groep.csv"
    source.write_text(
        f"naam,telefoon\nMeldkamer,{POLICE_PERSON}\nNina Zeeman,{NEWCOMER}\n"
        "https://evil.example/betaal,06 8765 0001\n"
    )
    before = people_count(katwijk_whatsapp.bot)

    result = cli("members", "import", str(source), "--neighbourhood", "hoornes")

    clock.now = utcnow()  # the CLI queued on the real clock
    assert "bad name: 1, invited: 1, police: 1" in result.output
    assert katwijk_whatsapp.inbox(POLICE_PERSON) == []
    assert people_count(katwijk_whatsapp.bot) == before + 1
    assert person(katwijk_whatsapp.bot, POLICE_PERSON).role == "police"
