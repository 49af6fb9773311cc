"""Alert targets and the alerts that concern an admin."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from models.alerts import Alert, alerts_concerning
from models.network import coordinators, find_neighbourhood, person_by_address

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


def new_alert(session: Session, slug: str | None = None) -> Alert:
    alert = Alert(source="police", text="Verdachte situatie")
    alert.neighbourhood = find_neighbourhood(session, slug) if slug else None
    session.add(alert)
    session.flush()
    return alert


def test_a_suggestion_becomes_delivered_once(network: Session) -> None:
    alert = new_alert(network)
    hoornes = find_neighbourhood(network, "hoornes")

    first = alert.add_target(hoornes, "suggested", None, NOW, delivered=False)
    second = alert.add_target(hoornes, "forwarded", None, NOW)
    third = alert.add_target(hoornes, "escalated", None, NOW)
    network.flush()

    assert (first, second, third) == (True, True, False)
    assert [(t.reason, t.delivered) for t in alert.targets] == [("suggested", True)]


def test_the_admin_group_is_a_target_without_a_neighbourhood(network: Session) -> None:
    alert = new_alert(network)

    alert.add_target(None, "admins", None, NOW)
    alert.add_target(None, "admins", None, NOW)
    network.flush()

    assert alert.went_to_admin_group
    assert len(alert.targets) == 1


def test_alerts_concerning_an_admin_and_a_coordinator(network: Session) -> None:
    home = new_alert(network, "hoornes")
    given = new_alert(network)
    given.add_target(find_neighbourhood(network, "hoornes"), "forwarded", None, NOW)
    elsewhere = new_alert(network, "rijnsoever")
    network.flush()
    joke = person_by_address(network, "whatsapp:+31612341001")
    assert joke is not None

    assert alerts_concerning(network, joke) == [given, home]
    everything = alerts_concerning(network, coordinators(network)[0])
    assert everything == [elsewhere, given, home]
