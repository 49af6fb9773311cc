"""The website sign-up against abuse: flooding, reused tokens, odd names and
characters, police numbers and simultaneous posts."""

from __future__ import annotations

import re
import threading

import pytest
from sqlalchemy import func, select

from bot.wsgi import create_flask_app
from models.network import Person
from tests.handlers.membership.helpers import (
    JOKE,
    KEES,
    NEWCOMER,
    join_by_whatsapp,
    person,
)
from tests.web.test_signup import VALID

NAME_ERROR = "Vul je naam in met letters, zonder links of tekens."
POLICE_PERSON = "+31612340000"  # Meldkamer Den Haag in the demo network
LISTED_POLICE = "+31687650000"


@pytest.fixture
def browser(katwijk_bot):
    return create_flask_app(katwijk_bot).test_client()


def token_of(browser) -> str:
    page = browser.get("/aanmelden").get_data(as_text=True)
    return re.search(r'name="csrf" value="([^"]+)"', page)[1]


def submit(browser, **changes):
    return browser.post(
        "/aanmelden", data={**VALID, **changes, "csrf": token_of(browser)}
    )


def people_count(bot) -> int:
    with bot.db.transaction() as session:
        return session.scalar(select(func.count(Person.id)))


@pytest.mark.parametrize(
    "phone",
    [
        pytest.param(NEWCOMER, id="invited"),
        pytest.param(KEES, id="active"),
        pytest.param(JOKE, id="staff"),
    ],
)
def test_twenty_sign_ups_send_one_message(browser, katwijk_whatsapp, phone):
    before = len(katwijk_whatsapp.inbox(phone))

    answers = {submit(browser, telefoon=phone).status_code for _ in range(20)}

    assert answers == {303}
    assert len(katwijk_whatsapp.inbox(phone)) == before + 1


def test_twenty_sign_ups_while_pending_send_one_message(browser, katwijk_whatsapp):
    join_by_whatsapp(katwijk_whatsapp)
    before = len(katwijk_whatsapp.inbox(NEWCOMER))

    for _ in range(20):
        submit(browser)

    assert len(katwijk_whatsapp.inbox(NEWCOMER)) == before + 1


def test_an_hour_later_the_website_may_ask_again(browser, katwijk_whatsapp, clock):
    submit(browser)
    clock.advance(minutes=59)
    submit(browser)
    clock.advance(minutes=2)

    submit(browser)

    assert len(katwijk_whatsapp.inbox(NEWCOMER)) == 2


def test_no_second_post_with_the_same_token(browser, katwijk_whatsapp, clock):
    token = token_of(browser)
    first = browser.post("/aanmelden", data={**VALID, "csrf": token})
    clock.advance(hours=2)

    again = browser.post("/aanmelden", data={**VALID, "csrf": token})

    assert first.status_code == 303
    assert again.status_code == 400
    assert len(katwijk_whatsapp.inbox(NEWCOMER)) == 1


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("https://evil.example/betaal-hier", id="url"),
        pytest.param("Betaal op evil.example nu", id="domain"),
        pytest.param("Nina \u202eZeeman", id="bidi-override"),
        pytest.param("Nina <b>Zeeman</b>", id="markup"),
        pytest.param("Nina Zeeman 06-12345678", id="digits"),
        pytest.param("N" * 61, id="too-long"),
    ],
)
def test_no_sign_up_with_a_name_that_is_no_name(browser, katwijk_whatsapp, name):
    response = submit(browser, naam=name)

    assert response.status_code == 422
    assert NAME_ERROR in response.get_data(as_text=True)
    assert katwijk_whatsapp.inbox(NEWCOMER) == []


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("Zoë O'Brien-de Vries", id="dutch"),
        pytest.param("J.P. Balkenende", id="initials"),
        pytest.param("Иван Петров", id="cyrillic"),
        pytest.param("محمد العلي", id="arabic"),
    ],
)
def test_names_in_any_script_are_welcome(browser, katwijk_whatsapp, name):
    response = submit(browser, naam=name)

    assert response.status_code == 303
    assert katwijk_whatsapp.last(NEWCOMER).startswith(f"Hallo {name.split()[0]}")


UNREADABLE = "teken dat we niet kunnen lezen"


@pytest.mark.parametrize(
    ("field", "message"),
    [
        pytest.param("naam", NAME_ERROR, id="naam"),
        pytest.param("telefoon", UNREADABLE, id="telefoon"),
        pytest.param("straat", UNREADABLE, id="straat"),
        pytest.param("huisnummer", UNREADABLE, id="huisnummer"),
        pytest.param("postcode", UNREADABLE, id="postcode"),
        pytest.param("buurt", UNREADABLE, id="buurt"),
    ],
)
def test_no_sign_up_with_a_nul_character(browser, katwijk_whatsapp, field, message):
    response = submit(browser, **{field: f"{VALID[field] or 'hoornes'}\x00x"})

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page
    assert 'aria-invalid="true"' in page
    assert katwijk_whatsapp.inbox(NEWCOMER) == []


@pytest.mark.parametrize(
    "phone",
    [
        pytest.param(POLICE_PERSON, id="police-person"),
        pytest.param(LISTED_POLICE, id="listed-number"),
    ],
)
def test_no_message_to_the_police(make_katwijk_bot, whatsapp_for, clock, phone):
    bot = make_katwijk_bot(clock=clock, police={"numbers": ["06 8765 0000"]})
    whatsapp = whatsapp_for(bot)
    browser = create_flask_app(bot).test_client()
    fresh = submit(browser, telefoon=NEWCOMER)
    before = people_count(bot)

    police = submit(browser, telefoon=phone, naam="Iemand Anders")

    assert police.status_code == 303
    assert police.headers["Location"] == fresh.headers["Location"]
    assert whatsapp.inbox(phone) == []
    assert people_count(bot) == before


def test_simultaneous_sign_ups_for_one_number_all_get_the_page(
    katwijk_bot, katwijk_whatsapp
):
    app = create_flask_app(katwijk_bot)
    browsers = [app.test_client() for _ in range(10)]
    tokens = [token_of(b) for b in browsers]
    answers: list[int] = []
    start = threading.Barrier(len(browsers))

    def post(browser, token):
        start.wait()
        response = browser.post("/aanmelden", data={**VALID, "csrf": token})
        answers.append(response.status_code)

    pairs = zip(browsers, tokens, strict=True)
    threads = [threading.Thread(target=post, args=pair) for pair in pairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert answers == [303] * 10
    assert len(katwijk_whatsapp.inbox(NEWCOMER)) == 1
    assert person(katwijk_bot, NEWCOMER).status == "invited"
