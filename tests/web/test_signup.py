"""The website sign-up: the form, its checks, and the double opt-in."""

from __future__ import annotations

import re

import pytest

from bot.wsgi import create_flask_app
from tests.handlers.membership.helpers import (
    GERRIT,
    JOKE,
    KEES,
    NEWCOMER,
    code_in,
    person,
)

VALID = {
    "naam": "Nina Zeeman",
    "telefoon": "06 8765 4321",
    "straat": "Zeeweg",
    "huisnummer": "12",
    "postcode": "2224 ab",
    "buurt": "",
    "akkoord": "ja",
}


@pytest.fixture
def browser(katwijk_bot):
    return create_flask_app(katwijk_bot).test_client()


def submit(browser, **changes):
    page = browser.get("/aanmelden").get_data(as_text=True)
    token = re.search(r'name="csrf" value="([^"]+)"', page)[1]
    return browser.post("/aanmelden", data={**VALID, **changes, "csrf": token})


def test_form_lists_the_neighbourhoods_by_town(browser):
    page = browser.get("/aanmelden").get_data(as_text=True)

    assert '<optgroup label="Rijnsburg">' in page
    assert '<option value="hoornes"' in page
    assert 'name="akkoord"' in page


def test_submitting_asks_for_ja_on_whatsapp_first(browser, katwijk_whatsapp):
    response = submit(browser)

    assert response.status_code == 303
    assert response.headers["Location"].endswith("/aanmelden/verstuurd")
    (question,) = katwijk_whatsapp.inbox(NEWCOMER)
    assert "Antwoord 'ja'" in question
    assert "Signaleer, Alarmeer 112" in question
    assert katwijk_whatsapp.inbox(JOKE) == []
    assert person(katwijk_whatsapp.bot, NEWCOMER).status == "invited"


def test_ja_makes_the_request_pending_and_an_admin_approves(browser, katwijk_whatsapp):
    submit(browser)

    katwijk_whatsapp.send(NEWCOMER, "ja")
    request = katwijk_whatsapp.last(JOKE)
    katwijk_whatsapp.send(JOKE, f"goedkeuren {code_in(request)}")

    assert "Nina Zeeman, Zeeweg (via de website)" in request
    assert katwijk_whatsapp.last(NEWCOMER).startswith("Welkom bij BuurtAlert Hoornes")


def test_no_request_without_ja(browser, katwijk_whatsapp):
    submit(browser)

    katwijk_whatsapp.send(NEWCOMER, "wat is dit?")

    assert "Antwoord 'ja'" in katwijk_whatsapp.last(NEWCOMER)
    assert katwijk_whatsapp.inbox(JOKE) == []


def test_page_says_the_same_for_a_member_who_is_told_on_whatsapp(
    browser, katwijk_whatsapp
):
    fresh = submit(browser)
    member = submit(browser, telefoon="+31612341011", naam="Iemand Anders")

    assert member.status_code == fresh.status_code == 303
    assert member.headers["Location"] == fresh.headers["Location"]
    assert "al deelnemer" in katwijk_whatsapp.last(KEES)
    assert person(katwijk_whatsapp.bot, KEES).name == "Kees Varkevisser"


def test_sent_page_says_check_whatsapp(browser):
    page = browser.get("/aanmelden/verstuurd").get_data(as_text=True)

    assert "Kijk op WhatsApp" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        pytest.param("naam", "", "Vul je voor- en achternaam in.", id="no-name"),
        pytest.param("telefoon", "12345", "geen geldig telefoonnummer", id="phone"),
        pytest.param("postcode", "22AB", "vier cijfers en twee letters", id="postcode"),
        pytest.param("huisnummer", "twaalf", "Vul je huisnummer in", id="number"),
        pytest.param("akkoord", "", "akkoord gaat met de huisregels", id="consent"),
        pytest.param("postcode", "1012 LG", "geen buurtgroep", id="outside"),
    ],
)
def test_no_sign_up_with_a_wrong_field(
    browser, katwijk_whatsapp, field, value, message
):
    response = submit(browser, **{field: value})

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page
    assert 'aria-invalid="true"' in page
    assert katwijk_whatsapp.inbox(NEWCOMER) == []


def test_no_sign_up_without_the_csrf_token(browser, katwijk_whatsapp):
    browser.get("/aanmelden")

    response = browser.post("/aanmelden", data={**VALID, "csrf": "forged"})

    assert response.status_code == 400
    assert "verlopen" in response.get_data(as_text=True)
    assert katwijk_whatsapp.inbox(NEWCOMER) == []


def test_postcode_suggests_the_neighbourhood(browser):
    found = browser.get("/aanmelden/buurt?postcode=2224AB").get_json()
    none = browser.get("/aanmelden/buurt?postcode=onzin").get_json()

    assert found == {"neighbourhoods": [{"slug": "hoornes", "name": "Hoornes"}]}
    assert none == {"neighbourhoods": []}


def test_chosen_neighbourhood_wins_over_the_postcode(browser, katwijk_whatsapp):
    submit(browser, buurt="zee-centrum")
    katwijk_whatsapp.send(NEWCOMER, "ja")

    assert "Katwijk aan Zee Centrum" in katwijk_whatsapp.last(GERRIT)


def test_privacy_page_names_the_retention_and_the_rights(make_bot):
    bot = make_bot(privacy={"retention": "14d"})
    page = create_flask_app(bot).test_client().get("/privacy").get_data(as_text=True)

    assert "na 14 dagen" in page
    assert "vergeet mij" in page
