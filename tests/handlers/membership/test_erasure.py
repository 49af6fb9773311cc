"""Erasure reaches what others received about someone, and their alerts."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from handlers.membership.privacy import purge
from models.alerts import Alert
from models.audit import AuditEntry
from tests.handlers.conftest import outbox_rows
from tests.handlers.membership.helpers import JOKE, KEES, NEWCOMER
from tests.web.test_signup import VALID

KEES_NAME = "Kees Varkevisser"
REPORT = "Verdachte man bij mijn voordeur, Voorbeeldlaan 7, 2224 AA"


def bodies(bot) -> list[str]:
    return [row.body for row in outbox_rows(bot)]


def rows_to(bot, phone: str) -> list:
    return [r for r in outbox_rows(bot) if r.recipient == f"whatsapp:{phone}"]


def mentioning(bot, *needles: str) -> list[str]:
    return [b for b in bodies(bot) if any(n in b for n in needles)]


def forget_kees(whatsapp) -> None:
    whatsapp.deliver()
    whatsapp.send(KEES, "vergeet mij")


def expire_kees(whatsapp, clock) -> None:
    whatsapp.deliver()
    whatsapp.send(KEES, "stop")
    clock.advance(days=31)
    purge(whatsapp.bot)


@pytest.fixture(params=[forget_kees, expire_kees], ids=["forget-me", "retention"])
def erase_kees(request, katwijk_whatsapp, clock):
    if request.param is forget_kees:
        return lambda: forget_kees(katwijk_whatsapp)
    return lambda: expire_kees(katwijk_whatsapp, clock)


def test_question_to_the_admins_no_longer_names_them(katwijk_whatsapp, erase_kees):
    katwijk_whatsapp.send(KEES, "vraag Mag mijn buurman ook meedoen?")
    assert f"Vraag van {KEES_NAME} ({KEES})" in katwijk_whatsapp.last(JOKE)
    to_joke = len(rows_to(katwijk_whatsapp.bot, JOKE))

    erase_kees()

    assert mentioning(katwijk_whatsapp.bot, KEES_NAME, KEES) == []
    assert len(rows_to(katwijk_whatsapp.bot, JOKE)) == to_joke  # still counted


def test_their_report_and_its_copies_are_emptied(katwijk_whatsapp, erase_kees):
    katwijk_whatsapp.send(KEES, REPORT, NumMedia="1", MediaUrl0="https://m.test/1")
    assert "Voorbeeldlaan 7" in katwijk_whatsapp.last(JOKE)

    erase_kees()

    bot = katwijk_whatsapp.bot
    assert mentioning(bot, "Voorbeeldlaan 7") == []
    with bot.db.transaction() as session:
        (alert,) = session.scalars(select(Alert)).all()
        assert (alert.text, alert.media) == ("", [])
        actions = session.scalars(select(AuditEntry.action)).all()
        assert "privacy.erase" in actions


def test_sign_up_notices_no_longer_name_the_applicant(katwijk_bot, katwijk_whatsapp):
    from bot.wsgi import create_flask_app

    browser = create_flask_app(katwijk_bot).test_client()
    page = browser.get("/aanmelden").get_data(as_text=True)
    token = re.search(r'name="csrf" value="([^"]+)"', page)[1]
    browser.post("/aanmelden", data={**VALID, "csrf": token})
    katwijk_whatsapp.send(NEWCOMER, "ja")
    assert "Nina Zeeman, Zeeweg" in katwijk_whatsapp.last(JOKE)
    katwijk_whatsapp.deliver()

    katwijk_whatsapp.send(NEWCOMER, "vergeet mij")

    assert mentioning(katwijk_bot, "Nina Zeeman", NEWCOMER) == []
    assert katwijk_whatsapp.last(NEWCOMER).startswith("Je gegevens zijn gewist.")
