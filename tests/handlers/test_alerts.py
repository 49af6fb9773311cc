"""Admins' alert commands: door, opschalen, ok, sluit, status, and refusals."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from handlers.alerts import acknowledge
from handlers.fanout import Desk
from models.alerts import Alert
from models.audit import AuditEntry
from models.network import person_by_address
from tests import twilio_forms
from tests.handlers.conftest import (
    addresses,
    admin_group_of,
    receivers,
    wa,
)
from tests.handlers.katwijk_people import (
    ANJA,
    COR,
    DIRK,
    HOORNES_ADMINS,
    HOORNES_MEMBERS,
    JAAP,
    JOKE,
    KEES,
    NEL,
    PIETER,
    POLICE,
    SANNE,
    SUSPICIOUS,
    TOM,
)

KATWIJK_TOWN = (
    "zee-centrum",
    "havengebied",
    "zanderij-westerbaan",
    "hoornes",
    "rijnsoever",
    "schutterswei",
    "katwijk-noord",
    "aan-den-rijn",
)


@pytest.fixture
def police_alert(katwijk):
    """Police alert #1, suggested for Hoornes; everything delivered, then
    forgotten, so that a test sees only what follows."""
    katwijk.send(POLICE, SUSPICIOUS)
    katwijk.deliver()
    katwijk.transport.clear()
    return 1


@pytest.fixture
def own_alert(katwijk):
    """Alert #1, raised by Joke (primary admin of Hoornes) in Hoornes."""
    katwijk.send(JOKE, "meld Inbraak in de Voorbeeldlaan, let op jullie schuren")
    katwijk.deliver()
    katwijk.transport.clear()
    return 1


def exactly_once(got) -> set[str]:
    assert set(got.values()) == {1}, got
    return set(got)


def test_meld_reaches_the_admins_own_neighbourhood(katwijk):
    katwijk.send(JOKE, "meld Inbraak in de Voorbeeldlaan")

    got = receivers(katwijk, "Melding #1 van de beheerders van Hoornes")
    assert exactly_once(got) == (HOORNES_ADMINS | HOORNES_MEMBERS) - {wa(JOKE)}
    assert katwijk.last(JOKE) == "Melding #1 is naar 6 mensen in Hoornes gestuurd."


@pytest.mark.parametrize(
    "command",
    [
        pytest.param("door 1 hoornes", id="slug"),
        pytest.param("door #1 HOORNES", id="hash-upper"),
        pytest.param("forward 1 Hoornes", id="english"),
    ],
)
def test_door_sends_a_police_alert_into_the_neighbourhood(
    katwijk, police_alert, command
):
    katwijk.send(PIETER, command)

    got = receivers(katwijk, "Melding #1 van de meldkamer")
    # The admins had it from the admin group already; nobody gets it twice.
    assert exactly_once(got) == HOORNES_MEMBERS
    reply = "Melding #1 is doorgestuurd naar Hoornes (4 berichten)."
    assert katwijk.last(PIETER) == reply


@pytest.mark.parametrize(
    ("targets", "slugs"),
    [
        pytest.param("hoornes zee-centrum", ("hoornes", "zee-centrum"), id="slugs"),
        pytest.param("Katwijk aan Zee Centrum", ("zee-centrum",), id="spaces"),
        pytest.param(
            "Rijnsoever katwijk aan den rijn", ("rijnsoever", "aan-den-rijn"), id="mix"
        ),
    ],
)
def test_door_to_several_neighbourhoods(
    katwijk_bot, katwijk, police_alert, targets, slugs
):
    katwijk.send(JOKE, f"door 1 {targets}")

    got = receivers(katwijk, "Melding #1 van de meldkamer")
    members = addresses(katwijk_bot, ("member",), slugs)
    assert exactly_once(got) == members


def test_door_to_a_relay_neighbourhood_reaches_its_admins_only(katwijk, own_alert):
    katwijk.send(JOKE, "door 1 zanderij-westerbaan")

    got = receivers(katwijk, "Melding #1 van")
    assert exactly_once(got) == {wa(COR), wa(NEL)}
    assert "eigen WhatsApp-groep" in katwijk.last(COR)


def test_door_beheerders_sends_a_report_up(katwijk_bot, katwijk):
    katwijk.send(KEES, "Er rijdt een busje langzaam door de straat, 2x nu al")
    katwijk.deliver()

    katwijk.send(SANNE, "door 1 beheerders")

    got = receivers(katwijk, "Melding #1 van Kees (Hoornes)")
    hoornes = HOORNES_ADMINS | HOORNES_MEMBERS
    assert exactly_once(got) == admin_group_of(katwijk_bot) | hoornes - {wa(KEES)}
    assert "Naar de beheerders gestuurd door Sanne." in katwijk.last(ANJA)


@pytest.mark.parametrize(
    ("scope", "slugs", "admin_group"),
    [
        pytest.param(
            "",
            ("hoornes", "zee-centrum", "rijnsoever", "schutterswei"),
            False,
            id="default",
        ),
        pytest.param(
            " buren",
            ("hoornes", "zee-centrum", "rijnsoever", "schutterswei"),
            False,
            id="buren",
        ),
        pytest.param(" kern", KATWIJK_TOWN, True, id="kern"),
        pytest.param(" gemeente", None, True, id="gemeente"),
    ],
)
def test_opschalen_reaches_exactly_the_wider_circle(
    katwijk_bot, katwijk, scope, slugs, admin_group
):
    katwijk.send(JOKE, "meld Inbraak in de Voorbeeldlaan")

    katwijk.send(JOKE, f"opschalen 1{scope}")

    got = receivers(katwijk, "Melding #1 van de beheerders van Hoornes")
    expected = addresses(katwijk_bot, ("primary", "backup", "member"), slugs)
    if admin_group:
        expected |= admin_group_of(katwijk_bot)
    assert exactly_once(got) == expected - {wa(JOKE)}
    assert wa(POLICE) not in got


def test_opschalen_kern_tells_the_admin_group(katwijk, own_alert):
    katwijk.send(PIETER, "escalate 1 town")

    assert "Opgeschaald naar heel Katwijk." in katwijk.last(ANJA)
    assert katwijk.inbox(JAAP) == []
    assert katwijk.last(PIETER).startswith(
        "Melding #1 is opgeschaald naar heel Katwijk"
    )


def test_ok_takes_the_alert_and_tells_the_other_admins_once(katwijk, police_alert):
    katwijk.send(PIETER, "ok 1")

    assert katwijk.last(PIETER) == "Je pakt melding #1 op. Dank je!"
    got = receivers(katwijk, "Pieter pakt melding #1 op.")
    assert exactly_once(got) == {wa(JOKE), wa(SANNE)}


def test_ok_twice_names_who_took_it(katwijk, police_alert):
    katwijk.send(PIETER, "ok 1")
    katwijk.send(SANNE, "bevestig #1")
    katwijk.send(PIETER, "ack 1")

    assert katwijk.last(SANNE) == "Melding #1 is al opgepakt door Pieter."
    assert katwijk.last(PIETER) == "Je had melding #1 al opgepakt."
    assert exactly_once(receivers(katwijk, "Pieter pakt melding #1 op.")) == {
        wa(JOKE),
        wa(SANNE),
    }


def test_ok_without_a_number_takes_the_latest_open_alert(katwijk_bot, katwijk):
    katwijk.send(POLICE, SUSPICIOUS)
    katwijk.send(POLICE, "Meldkamer: brandje in container 2224 AC")

    katwijk.send(JOKE, "ok")

    assert katwijk.last(JOKE) == "Je pakt melding #2 op. Dank je!"


def test_ack_button_does_what_ok_does(katwijk, police_alert):
    katwijk.post(
        "/twilio/whatsapp", twilio_forms.button(PIETER, "ack:1", "Ik pak het op")
    )

    assert katwijk.last(PIETER) == "Je pakt melding #1 op. Dank je!"
    assert exactly_once(receivers(katwijk, "Pieter pakt melding #1 op.")) == {
        wa(JOKE),
        wa(SANNE),
    }


def test_acknowledge_can_be_called_from_code(katwijk_bot, katwijk, police_alert):
    with katwijk_bot.db.transaction() as session:
        alert = session.get(Alert, police_alert)
        sanne = person_by_address(session, wa(SANNE))
        desk = Desk(katwijk_bot, session, katwijk_bot.clock())
        outcome = acknowledge(desk, alert, sanne)

    assert outcome == "acknowledged"
    assert katwijk.last(SANNE) == "Je pakt melding #1 op. Dank je!"
    assert "Sanne pakt melding #1 op." in katwijk.last(JOKE)


def test_sluit_with_text_reaches_everyone_who_received_it_once(katwijk_bot, katwijk):
    katwijk.send(POLICE, SUSPICIOUS)
    katwijk.send(JOKE, "door 1 hoornes")
    katwijk.deliver()

    katwijk.send(JOKE, "sluit 1 De man is aangehouden. Dank voor het opletten!")

    got = receivers(katwijk, "Melding #1 is afgesloten: De man is aangehouden.")
    expected = admin_group_of(katwijk_bot) | HOORNES_MEMBERS
    assert exactly_once(got) == expected - {wa(JOKE)}
    assert katwijk.last(JOKE).startswith("Melding #1 is gesloten; je bericht gaat")


def test_sluit_without_text_tells_only_the_admin(katwijk, police_alert):
    katwijk.send(SANNE, "close 1")

    assert katwijk.last(SANNE) == "Melding #1 is gesloten."
    katwijk.deliver()
    assert len(katwijk.transport.sent) == 1


def test_no_forward_of_a_closed_alert(katwijk, police_alert):
    katwijk.send(JOKE, "sluit 1")
    katwijk.send(JOKE, "door 1 hoornes")

    assert katwijk.last(JOKE) == "Melding #1 is al gesloten."
    assert receivers(katwijk, "Melding #1 van de meldkamer") == {}


def test_status_lists_the_open_alerts_that_concern_me(katwijk, police_alert):
    katwijk.send(POLICE, "Meldkamer: brandje in container 2231 HA Rijnsburg")
    katwijk.send(PIETER, "ok 1")

    katwijk.send(JOKE, "status")

    reply = katwijk.last(JOKE)
    assert reply.startswith("Open meldingen:")
    assert "#1 · opgepakt door Pieter · Hoornes" in reply
    assert "#2" not in reply


def test_status_of_one_alert_shows_its_timeline_and_failures(katwijk, police_alert):
    katwijk.send(JOKE, "door 1 hoornes")
    katwijk.deliver()
    sid, _message = next(
        (sid, m) for sid, m in katwijk.transport.sent if m.to == wa(KEES)
    )
    katwijk.post(
        "/twilio/status", twilio_forms.status(sid, "failed", wa(KEES), "63003")
    )

    katwijk.send(JOKE, "status 1")

    reply = katwijk.last(JOKE)
    assert "binnengekomen" in reply
    assert "voorstel: Hoornes" in reply
    assert "doorgestuurd naar Hoornes door Joke" in reply
    assert "1 mislukt" in reply


def test_every_admin_action_is_audited(katwijk_bot, katwijk, police_alert):
    katwijk.send(JOKE, "door 1 hoornes")
    katwijk.send(JOKE, "opschalen 1")
    katwijk.send(PIETER, "ok 1")
    katwijk.send(JOKE, "sluit 1 Klaar")

    with katwijk_bot.db.transaction() as session:
        actions = list(
            session.scalars(select(AuditEntry.action).order_by(AuditEntry.id))
        )
    assert actions == [
        "alert.police",
        "alert.forward",
        "alert.escalate",
        "alert.acknowledge",
        "alert.close",
    ]


def test_no_commands_for_a_member(katwijk, police_alert):
    for command in ("door 1 hoornes", "ok 1", "opschalen 1 gemeente", "sluit 1"):
        katwijk.send(KEES, command)

    assert all("niet voor jou" in reply for reply in katwijk.inbox(KEES))
    assert len(katwijk.inbox(KEES)) == 4
    assert receivers(katwijk, "Melding #1 van") == {}


@pytest.mark.parametrize(
    ("command", "reply"),
    [
        pytest.param("ok 1", "Melding #1 hoort niet bij jouw buurt.", id="ok"),
        pytest.param(
            "opschalen 1", "Melding #1 hoort niet bij jouw buurt.", id="opschalen"
        ),
        pytest.param("sluit 1", "Melding #1 hoort niet bij jouw buurt.", id="sluit"),
    ],
)
def test_no_action_by_an_admin_of_another_neighbourhood(
    katwijk, police_alert, command, reply
):
    katwijk.send(DIRK, command)

    assert katwijk.last(DIRK) == reply
    assert receivers(katwijk, "Melding #1 van") == {}


def test_no_forward_of_a_report_from_another_neighbourhood(katwijk):
    katwijk.send(KEES, "Er rijdt een busje langzaam door de straat")
    katwijk.send(DIRK, "door 1 rijnsoever")

    assert katwijk.last(DIRK).startswith("Je kunt alleen meldingen doorsturen")
    assert wa(TOM) not in receivers(katwijk, "Melding #1 van")


def test_an_admin_may_forward_a_police_alert_they_received(
    katwijk_bot, katwijk, police_alert
):
    katwijk.send(DIRK, "door 1 rijnsoever")

    got = receivers(katwijk, "Melding #1 van de meldkamer")
    assert exactly_once(got) == addresses(katwijk_bot, ("member",), ["rijnsoever"])


@pytest.mark.parametrize(
    ("command", "reply"),
    [
        pytest.param(
            "door 1 atlantis", "Ik ken geen buurt 'atlantis'.", id="unknown-place"
        ),
        pytest.param("ok 99", "Melding #99 ken ik niet.", id="unknown-alert"),
        pytest.param(
            "door 1",
            "Zo gebruik je het: door <nr> <buurt ...> | beheerders",
            id="usage",
        ),
        pytest.param(
            "opschalen 1 wereld",
            "Zo gebruik je het: opschalen <nr> [buren|kern|gemeente]",
            id="bad-scope",
        ),
    ],
)
def test_no_action_on_what_does_not_exist(katwijk, police_alert, command, reply):
    katwijk.send(JOKE, command)

    assert katwijk.last(JOKE).startswith(reply)


def test_no_closing_by_an_admin_it_was_forwarded_to(katwijk_bot, katwijk, police_alert):
    gerrit = "+31612342001"  # primary of Katwijk aan Zee Centrum
    katwijk.send(JOKE, "door 1 zee-centrum")

    katwijk.send(gerrit, "sluit 1 Opgelost")

    assert katwijk.last(gerrit) == "Melding #1 hoort niet bij jouw buurt."
    with katwijk_bot.db.transaction() as session:
        assert session.get(Alert, 1).state != "closed"


@pytest.mark.parametrize(
    "number",
    ["99999999999999999999", "3000000000", "١"],
    ids=["huge", "int32", "arabic"],
)
def test_no_crash_on_an_impossible_alert_number(katwijk, police_alert, number):
    katwijk.send(JOKE, f"ok {number}")

    assert katwijk.last(JOKE).startswith("Zo gebruik je het")


def test_no_ack_by_an_admin_who_was_removed(katwijk_bot, katwijk, police_alert):
    katwijk.send(ANJA, f"verwijder {SANNE}")

    katwijk.send(
        SANNE,
        "Ik pak het op",
        ButtonPayload="ack:1",
        ButtonText="Ik pak het op",
        MessageType="interactive",
    )

    with katwijk_bot.db.transaction() as session:
        assert session.get(Alert, 1).state == "open"
