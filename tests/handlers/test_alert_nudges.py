"""Alerts and nudges together, through the signed webhook: a police alert
starts the chain, an acknowledgement (typed or tapped) stops it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from handlers.escalation import fire_due
from models.alerts import Alert
from models.escalation import EscalationStep
from tests.handlers.conftest import receivers, wa
from tests.handlers.katwijk_people import ANJA, JOKE, PIETER, POLICE, SANNE, SUSPICIOUS


def nudges_to(katwijk, number: str) -> int:
    return receivers(katwijk, "wacht al")[wa(number)]


def pending_steps(bot) -> int:
    with bot.db.transaction() as session:
        query = select(EscalationStep).where(EscalationStep.state == "pending")
        return len(session.scalars(query).all())


@pytest.fixture
def alert_17(katwijk_bot, katwijk):
    """The control room's alert for Hoornes, its chain running."""
    katwijk.send(POLICE, SUSPICIOUS)
    with katwijk_bot.db.transaction() as session:
        return session.scalars(select(Alert)).one().id


def test_police_alert_nudges_the_primary_then_the_backups(
    katwijk_bot, katwijk, clock, alert_17
):
    fire_due(katwijk_bot)
    clock.advance(minutes=5)
    fire_due(katwijk_bot)

    assert nudges_to(katwijk, JOKE) == 1
    assert nudges_to(katwijk, PIETER) == 1
    assert nudges_to(katwijk, SANNE) == 1
    assert nudges_to(katwijk, ANJA) == 0


def test_typed_ok_stops_the_chain(katwijk_bot, katwijk, clock, alert_17):
    fire_due(katwijk_bot)
    katwijk.send(JOKE, f"ok {alert_17}")
    clock.advance(hours=2)

    fire_due(katwijk_bot)

    assert pending_steps(katwijk_bot) == 0
    assert nudges_to(katwijk, PIETER) == 0


def test_tapped_button_acknowledges_like_ok(katwijk_bot, katwijk, clock, alert_17):
    fire_due(katwijk_bot)
    clock.advance(minutes=5)
    fire_due(katwijk_bot)

    katwijk.send(
        PIETER,
        "Ik pak het op",
        ButtonPayload=f"ack:{alert_17}",
        ButtonText="Ik pak het op",
        MessageType="interactive",
    )
    clock.advance(hours=2)
    fire_due(katwijk_bot)

    with katwijk_bot.db.transaction() as session:
        alert = session.get(Alert, alert_17)
        assert alert.state == "acknowledged"
        assert alert.acknowledged_by.first_name == "Pieter"
    assert pending_steps(katwijk_bot) == 0
    assert nudges_to(katwijk, ANJA) == 0
    # The primary, nudged earlier, hears once who took it.
    assert receivers(katwijk, "Pieter")[wa(JOKE)] == 1


def test_no_ack_from_a_button_for_another_neighbourhood(katwijk_bot, katwijk, alert_17):
    gerrit = "+31612342001"  # primary of another neighbourhood

    katwijk.send(
        gerrit,
        "Ik pak het op",
        ButtonPayload=f"ack:{alert_17}",
        ButtonText="Ik pak het op",
        MessageType="interactive",
    )

    with katwijk_bot.db.transaction() as session:
        assert session.get(Alert, alert_17).state == "open"
    assert pending_steps(katwijk_bot) > 0


def test_a_forward_elsewhere_keeps_the_home_chain(
    katwijk_bot, katwijk, clock, alert_17
):
    gerrit = "+31612342001"  # primary of Katwijk aan Zee Centrum, got it too
    fire_due(katwijk_bot)

    katwijk.send(gerrit, f"door {alert_17} zee-centrum")
    clock.advance(minutes=5)
    fire_due(katwijk_bot)

    assert nudges_to(katwijk, PIETER) == 1  # Hoornes' backups are still nudged
    assert nudges_to(katwijk, gerrit) == 0
