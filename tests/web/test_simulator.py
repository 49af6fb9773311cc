"""The simulator's pages and JSON endpoints, through Flask's test client."""

from __future__ import annotations

import pytest

from bot.wsgi import create_flask_app

KEES = "whatsapp:+31612341011"


@pytest.fixture
def whatsapp(demo_bot, whatsapp_for):
    return whatsapp_for(demo_bot)


@pytest.fixture
def client(demo_bot):
    return create_flask_app(demo_bot).test_client()


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/demo", id="page"),
        pytest.param("/demo/api/people", id="people"),
        pytest.param(f"/demo/api/chat?address={KEES}", id="chat"),
        pytest.param("/demo/static/demo.js", id="script"),
    ],
)
def test_no_simulator_outside_demo_mode(make_bot, path):
    client = create_flask_app(make_bot()).test_client()

    assert client.get(path).status_code == 404


def test_no_send_outside_demo_mode(make_bot):
    client = create_flask_app(make_bot()).test_client()

    response = client.post("/demo/api/send", json={"address": KEES, "body": "hulp"})

    assert response.status_code == 404


def test_page_lists_the_demo_network(client):
    page = client.get("/demo").get_data(as_text=True)

    assert "Meldkamer Den Haag" in page
    assert "Joke van der Plas" in page
    assert "hoofdbeheerder" in page
    assert 'name="viewport"' in page
    assert page.index("Meldkamer Den Haag") < page.index("Joke van der Plas")


def test_people_start_with_the_control_room(client):
    people = client.get("/demo/api/people").get_json()["people"]

    assert people[0]["name"] == "Meldkamer Den Haag"
    assert people[0]["role"] == "meldkamer"
    assert {p["group"] for p in people} >= {"Gemeente", "Hoornes"}


def test_chat_shows_message_then_reply_with_status(whatsapp, client):
    whatsapp.send(KEES, "hulp")
    whatsapp.deliver()

    messages = client.get(f"/demo/api/chat?address={KEES}").get_json()["messages"]

    assert [m["direction"] for m in messages] == ["in", "out"]
    assert messages[0]["body"] == "hulp"
    assert messages[1]["status"] == "queued"


def test_chat_accepts_a_number_in_any_spelling(whatsapp, client):
    whatsapp.send(KEES, "hulp")

    data = client.get("/demo/api/chat?address=06-1234 1011").get_json()

    assert data["address"] == KEES
    assert data["messages"][0]["body"] == "hulp"


def test_chat_shows_a_tapped_button_by_its_text(whatsapp, client):
    whatsapp.send(KEES, "Ja", ButtonPayload="x:1", ButtonText="Ik pak het op")

    messages = client.get(f"/demo/api/chat?address={KEES}").get_json()["messages"]

    assert messages[0]["body"] == "Ik pak het op"


def test_no_chat_for_a_bad_number(client):
    response = client.get("/demo/api/chat?address=hallo")

    assert response.status_code == 400


def test_no_empty_message(client):
    response = client.post("/demo/api/send", json={"address": KEES, "body": " "})

    assert response.status_code == 400
