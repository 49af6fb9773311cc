"""Escalation chains on a clock the tests move: who is nudged, when, once."""

from __future__ import annotations

import pytest

from handlers.escalation import fire_due
from tests.handlers.conftest import outbox_rows, received
from tests.handlers.escalation_helpers import (
    ANJA,
    COORDINATORS,
    HOORNES_ADMINS,
    JOKE,
    KEES,
    PIETER,
    SANNE,
    WILLEM,
    acknowledge,
    give,
    new_alert,
    nudge_events,
    steps,
)


@pytest.fixture
def bot(escalation_bot):
    return escalation_bot()


@pytest.fixture
def clock(escalation_clock):
    return escalation_clock


def nudged(bot, phone):
    return received(bot, phone, kind="nudge")


def test_first_step_nudges_the_primary_at_once(bot):
    number = new_alert(bot)

    fire_due(bot)

    (body,) = nudged(bot, JOKE)
    assert f"Melding #{number} wacht al minder dan een minuut" in body
    assert "“Verdachte man bij de garages aan de Voorbeeldlaan…”" in body
    assert f"Stuur 'ok {number}'" in body
    assert nudged(bot, PIETER) == nudged(bot, SANNE) == []


def test_nudge_carries_the_ack_button_and_template_variables(bot):
    number = new_alert(bot)

    fire_due(bot)

    (row,) = outbox_rows(bot, kind="nudge")
    assert row.buttons == [[f"ack:{number}", "Ik pak het op"]]
    assert row.priority == 0
    assert row.template_vars["1"] == row.body
    assert row.template_vars["2"] == str(number)


def test_step_fires_when_due_and_not_before(bot, clock):
    new_alert(bot)
    fire_due(bot)

    clock.advance(minutes=5, seconds=-1)
    fire_due(bot)
    assert nudged(bot, PIETER) == []

    clock.advance(seconds=1)
    fire_due(bot)
    assert "wacht al 5 min" in nudged(bot, PIETER)[0]
    assert len(nudged(bot, SANNE)) == 1
    assert len(nudged(bot, JOKE)) == 1


def test_each_step_fires_exactly_once_across_repeated_runs(bot, clock):
    number = new_alert(bot)

    for _ in range(16):
        for _ in range(3):
            fire_due(bot)
        clock.advance(minutes=10)

    assert nudge_events(bot, number) == {(number, n): 1 for n in range(1, 8)}
    assert len(nudged(bot, JOKE)) == 1 + 1 + 3  # primary, admin group, reminders
    assert [s.state for s in steps(bot, number)] == ["fired"] * 7


def test_whole_default_chain_in_order(bot, clock):
    number = new_alert(bot)
    for _ in range(24 * 6):
        fire_due(bot)
        clock.advance(minutes=1)

    chain = steps(bot, number)
    start = chain[0].due_at
    assert [(s.notify, (s.due_at - start).total_seconds() / 60) for s in chain] == [
        ("primary", 0),
        ("backups", 5),
        ("coordinators", 15),
        ("admin_group", 45),
        ("admin_group", 75),
        ("admin_group", 105),
        ("admin_group", 135),
    ]
    assert len(nudged(bot, ANJA)) == 1 + 1 + 3


def test_no_nudge_after_an_ack_a_moment_before_due(bot, clock):
    number = new_alert(bot)
    fire_due(bot)

    clock.advance(minutes=5, seconds=-1)
    acknowledge(bot, number, JOKE)
    clock.advance(seconds=1)
    fire_due(bot)
    clock.advance(hours=5)
    fire_due(bot)

    assert nudged(bot, PIETER) == nudged(bot, SANNE) == []
    assert nudged(bot, ANJA) == []
    assert {s.state for s in steps(bot, number)} == {"fired", "cancelled"}


def test_nudged_admins_hear_once_who_took_it(bot, clock):
    number = new_alert(bot)
    fire_due(bot)
    clock.advance(minutes=5)
    fire_due(bot)

    acknowledge(bot, number, PIETER)
    fire_due(bot)
    fire_due(bot)

    expected = [f"✅ Pieter pakt melding #{number} op. Jij hoeft niets meer te doen."]
    assert received(bot, JOKE, kind="notice") == expected
    assert received(bot, SANNE, kind="notice") == expected
    assert received(bot, PIETER, kind="notice") == []
    assert received(bot, ANJA, kind="notice") == []


def test_no_steps_for_an_alert_closed_without_ack(bot, clock):
    number = new_alert(bot)
    fire_due(bot)
    with bot.db.transaction() as session:
        from models.alerts import Alert

        session.get(Alert, number).state = "closed"

    clock.advance(hours=3)
    fire_due(bot)

    assert nudged(bot, PIETER) == []
    assert [s.state for s in steps(bot, number)][1:] == ["cancelled"] * 6


def test_changed_config_leaves_running_alerts_alone(escalation_bot, clock):
    before = escalation_bot()
    number = new_alert(before)
    quick = {"step": [{"notify": "primary", "wait": "1m"}, {"notify": "coordinators"}]}
    after = escalation_bot(escalation=quick)

    fire_due(after)
    clock.advance(minutes=1)
    fire_due(after)
    assert nudged(after, PIETER) == []
    assert nudged(after, ANJA) == []

    clock.advance(minutes=4)
    fire_due(after)
    assert len(nudged(after, PIETER)) == 1
    assert nudged(after, ANJA) == []
    assert len(steps(after, number)) == 7


def test_away_primary_first_step_goes_to_backups(bot):
    with bot.db.transaction() as session:
        from models.network import person_by_address

        person_by_address(session, f"whatsapp:{JOKE}").away = True
    new_alert(bot)

    fire_due(bot)

    assert nudged(bot, JOKE) == []
    assert len(nudged(bot, PIETER)) == len(nudged(bot, SANNE)) == 1


def test_everyone_away_falls_back_to_the_coordinators(bot):
    with bot.db.transaction() as session:
        from models.network import person_by_address

        for phone in HOORNES_ADMINS:
            person_by_address(session, f"whatsapp:{phone}").away = True
    new_alert(bot)

    fire_due(bot)

    assert [len(nudged(bot, phone)) for phone in HOORNES_ADMINS] == [0, 0, 0]
    assert [len(nudged(bot, phone)) for phone in COORDINATORS] == [1, 1]


def test_reminders_repeat_then_stop_at_max(escalation_bot, clock):
    chain = {
        "remind_every": "10m",
        "max_reminders": 2,
        "step": [{"notify": "primary", "wait": "1m"}, {"notify": "coordinators"}],
    }
    bot = escalation_bot(escalation=chain)
    new_alert(bot)

    for _ in range(120):
        fire_due(bot)
        clock.advance(minutes=1)

    bodies = nudged(bot, WILLEM)
    assert len(bodies) == 3
    assert "Herinnering 1 van 2" in bodies[1]
    assert bodies[2].endswith("Dit is de laatste herinnering.")
    assert "wacht al 21 min" in bodies[2]
    assert len(nudged(bot, JOKE)) == 1


def test_police_alert_without_neighbourhood_nudges_the_coordinators(bot, clock):
    number = new_alert(bot, neighbourhood=None)

    fire_due(bot)

    assert [len(nudged(bot, phone)) for phone in COORDINATORS] == [1, 1]
    assert [len(nudged(bot, phone)) for phone in HOORNES_ADMINS] == [0, 0, 0]
    assert f"Melding #{number}" in nudged(bot, ANJA)[0]


def test_alert_given_to_a_neighbourhood_starts_its_chain_again(bot, clock):
    number = new_alert(bot, neighbourhood=None)
    fire_due(bot)

    clock.advance(minutes=2)
    give(bot, number, "hoornes")
    fire_due(bot)
    clock.advance(minutes=4)
    fire_due(bot)

    assert len(nudged(bot, JOKE)) == 1
    assert nudged(bot, PIETER) == []
    assert len(nudged(bot, ANJA)) == 1
    clock.advance(minutes=1)
    fire_due(bot)
    assert len(nudged(bot, PIETER)) == 1


def test_no_nudge_to_members(bot, clock):
    new_alert(bot)
    for _ in range(6):
        fire_due(bot)
        clock.advance(minutes=30)

    assert nudged(bot, KEES) == []


def test_english_nudge_for_an_english_admin(bot):
    with bot.db.transaction() as session:
        from models.network import person_by_address

        person_by_address(session, f"whatsapp:{JOKE}").language = "en"
    number = new_alert(bot)

    fire_due(bot)

    (row,) = outbox_rows(bot, kind="nudge")
    assert row.body.startswith(f"⏰ Alert #{number} has been waiting under a minute")
    assert row.buttons == [[f"ack:{number}", "I'll take it"]]


@pytest.mark.parametrize(
    ("phone", "neighbourhood", "allowed"),
    [
        pytest.param(JOKE, "hoornes", True, id="primary"),
        pytest.param(PIETER, "hoornes", True, id="backup"),
        pytest.param(ANJA, "hoornes", True, id="coordinator"),
        pytest.param(ANJA, None, True, id="coordinator-no-neighbourhood"),
        pytest.param(JOKE, "zee-centrum", False, id="admin-elsewhere"),
        pytest.param(JOKE, None, False, id="admin-no-neighbourhood"),
        pytest.param(KEES, "hoornes", False, id="member"),
    ],
)
def test_who_may_stop_a_chain(bot, phone, neighbourhood, allowed):
    from handlers.escalation import may_stop
    from models.network import find_neighbourhood, person_by_address

    with bot.db.transaction() as session:
        person = person_by_address(session, f"whatsapp:{phone}")
        area = find_neighbourhood(session, neighbourhood) if neighbourhood else None

        assert may_stop(person, area.id if area else None) is allowed
