"""Police alerts: by WhatsApp and by the API, to the admin group only."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from models.alerts import Alert
from tests.handlers.conftest import (
    POLICE_TOKEN,
    admin_group_of,
    receivers,
    wa,
)
from tests.handlers.katwijk_people import (
    HOORNES_ADMINS,
    JOKE,
    KEES,
    POLICE,
    SUSPICIOUS,
)


def alert_neighbourhood(bot, number: int = 1) -> str | None:
    with bot.db.transaction() as session:
        alert = session.get(Alert, number)
        assert alert is not None
        return alert.neighbourhood.slug if alert.neighbourhood else None


def test_police_alert_reaches_exactly_the_admin_group(katwijk_bot, katwijk):
    katwijk.send(POLICE, SUSPICIOUS)

    got = receivers(katwijk, "Melding #1 van de meldkamer")
    assert set(got) == admin_group_of(katwijk_bot)
    assert set(got.values()) == {1}
    assert wa(KEES) not in got
    assert katwijk.last(POLICE).startswith("Melding #1 is ontvangen")


def test_police_alert_suggests_the_postcodes_neighbourhood(katwijk_bot, katwijk):
    katwijk.send(POLICE, SUSPICIOUS)

    for address in admin_group_of(katwijk_bot):
        message = katwijk.last(address)
        assert "Voorstel: Hoornes." in message
        assert "donkere jas" in message
        asked = "'ok 1'" in message and "'door 1 hoornes'" in message
        assert asked == (address in HOORNES_ADMINS)
    assert alert_neighbourhood(katwijk_bot) == "hoornes"


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        pytest.param(
            "Inbraak gemeld, 2231 GA Rijnsburg", "frederiksoord", id="longest-prefix"
        ),
        pytest.param(
            "Brand bij de school in Katwijk aan den Rijn", "aan-den-rijn", id="name"
        ),
        pytest.param(
            "Vermiste jongen gezien bij 'T DUYFRAK", "t-duyfrak", id="accent-case"
        ),
        pytest.param("Verdachte auto, kenteken onbekend", None, id="no-hint"),
    ],
)
def test_police_alert_suggestion(katwijk_bot, katwijk, text, slug):
    katwijk.send(POLICE, text)

    assert alert_neighbourhood(katwijk_bot) == slug


def test_police_alert_without_a_place_asks_which_neighbourhood(katwijk):
    katwijk.send(POLICE, "Verdachte auto, kenteken onbekend")

    assert "Voor welke buurt? Stuur 'door 1 <buurt>'." in katwijk.last(JOKE)


def test_configured_police_number_raises_an_alert(make_katwijk_bot, whatsapp_for):
    bot = make_katwijk_bot(police={"numbers": ["0687654321"], "api_token": ""})
    whatsapp = whatsapp_for(bot)

    whatsapp.send("+31687654321", "Meldkamer: woninginbraak 2225 AA")

    got = receivers(whatsapp, "Melding #1 van de meldkamer")
    assert set(got) == admin_group_of(bot)
    assert alert_neighbourhood(bot) == "zee-centrum"


def test_no_alert_from_an_unlisted_stranger(katwijk_bot, katwijk):
    katwijk.send("+31687654321", "Meldkamer: woninginbraak 2225 AA")

    assert katwijk.last("+31687654321").startswith("Hallo! Dit is BuurtAlert")
    with katwijk_bot.db.transaction() as session:
        assert session.scalars(select(Alert)).first() is None


def api_post(whatsapp, body=None, token: str | None = POLICE_TOKEN, **kwargs):
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    return whatsapp.client.post("/api/v1/alerts", json=body, headers=headers, **kwargs)


def test_api_raises_a_police_alert(katwijk_bot, katwijk):
    response = api_post(katwijk, {"text": "Verdachte situatie", "postcode": "2224 ab"})

    assert response.status_code == 201
    assert response.get_json() == {"alert": 1, "suggested": "hoornes"}
    assert katwijk_bot.wake.is_set()
    got = receivers(katwijk, "Melding #1 van de meldkamer")
    assert set(got) == admin_group_of(katwijk_bot)
    assert set(got.values()) == {1}


def test_api_takes_an_explicit_neighbourhood(katwijk):
    body = {"text": "Inbraak 2224 AB", "neighbourhood": "Katwijk aan Zee Centrum"}

    response = api_post(katwijk, body)

    assert response.get_json()["suggested"] == "zee-centrum"


def test_api_token_from_the_environment_wins(
    make_katwijk_bot, whatsapp_for, monkeypatch
):
    monkeypatch.setenv("BUURTALERT_POLICE_API_TOKEN", "from-the-environment")
    whatsapp = whatsapp_for(make_katwijk_bot())

    assert api_post(whatsapp, {"text": "x"}).status_code == 401
    assert (
        api_post(whatsapp, {"text": "x"}, token="from-the-environment").status_code
        == 201
    )


@pytest.mark.parametrize(
    "token",
    [
        pytest.param(None, id="missing"),
        pytest.param("wrong-token", id="wrong"),
        pytest.param("", id="empty"),
    ],
)
def test_no_api_alert_without_the_token(katwijk_bot, katwijk, token):
    response = api_post(katwijk, {"text": "Verdachte situatie"}, token=token)

    assert response.status_code == 401
    assert receivers(katwijk, "Melding") == {}


def test_no_api_alert_when_no_token_is_configured(make_katwijk_bot, whatsapp_for):
    whatsapp = whatsapp_for(make_katwijk_bot(police={"api_token": ""}))

    response = api_post(whatsapp, {"text": "Verdachte situatie"}, token="")

    assert response.status_code == 401


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param(None, "body", id="no-json"),
        pytest.param(["text"], "body", id="not-an-object"),
        pytest.param({"postcode": "2224 AB"}, "text", id="missing-text"),
        pytest.param({"text": "  "}, "text", id="blank-text"),
        pytest.param({"text": "x", "postcode": "22 AB"}, "postcode", id="bad-postcode"),
        pytest.param(
            {"text": "x", "neighbourhood": "Atlantis"},
            "neighbourhood",
            id="unknown-neighbourhood",
        ),
        pytest.param({"text": 17}, "text", id="text-not-a-string"),
    ],
)
def test_no_api_alert_from_a_bad_body(katwijk_bot, katwijk, body, field):
    response = api_post(katwijk, body)

    assert response.status_code == 422
    assert response.get_json()["field"] == field
    with katwijk_bot.db.transaction() as session:
        assert session.scalars(select(Alert)).first() is None


def test_no_api_alert_from_broken_json(katwijk):
    response = katwijk.client.post(
        "/api/v1/alerts",
        data="{not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {POLICE_TOKEN}"},
    )

    assert response.status_code == 422
    assert response.get_json()["field"] == "body"


def test_police_text_that_starts_like_a_command_is_an_alert(katwijk_bot, katwijk):
    katwijk.send(POLICE, "Sluit ramen en deuren, brand bij 2224 AB")

    with katwijk_bot.db.transaction() as session:
        alert = session.scalars(select(Alert)).one()
    assert alert.source == "police"
    assert alert.text.startswith("Sluit ramen")


def test_help_tells_the_control_room_that_every_message_is_an_alert(katwijk):
    katwijk.send(POLICE, "hulp")

    assert "Elk ander bericht van u wordt een melding" in katwijk.last(POLICE)


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        pytest.param('{"text": "inbraak \\ud800"}', "text", id="lone-surrogate"),
        pytest.param("[" * 20_000 + "]" * 20_000, "body", id="deeply-nested"),
    ],
)
def test_no_500_from_the_api_for_strange_json(katwijk, raw, field):
    response = katwijk.client.post(
        "/api/v1/alerts",
        data=raw,
        content_type="application/json",
        headers={"Authorization": f"Bearer {POLICE_TOKEN}"},
    )

    assert response.status_code == 422
    assert response.get_json()["field"] == field


def test_api_drops_nul_bytes(katwijk_bot, katwijk):
    response = api_post(katwijk, {"text": "Verdachte\x00 situatie 2224 AB"})

    assert response.status_code == 201
    with katwijk_bot.db.transaction() as session:
        assert session.scalars(select(Alert)).one().text == "Verdachte situatie 2224 AB"


def test_listed_police_number_stays_police_after_a_sign_up(
    make_katwijk_bot, whatsapp_for
):
    from models.network import Person, find_neighbourhood

    listed = "+31687654321"
    bot = make_katwijk_bot(police={"numbers": [listed], "api_token": POLICE_TOKEN})
    with bot.db.transaction() as session:
        session.add(
            Person(
                name="Iemand Anders",
                phone=listed,
                whatsapp_address=wa(listed),
                role="member",
                status="invited",
                neighbourhood=find_neighbourhood(session, "hoornes"),
            )
        )
    katwijk = whatsapp_for(bot)

    katwijk.send(listed, "Meldkamer: woninginbraak 2225 AA")

    with bot.db.transaction() as session:
        assert session.scalars(select(Alert)).one().source == "police"
    assert katwijk.last(listed).startswith("Melding #1 is ontvangen")
