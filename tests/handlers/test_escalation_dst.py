"""Daylight saving time: each step fires once, at its UTC instant.

Europe/Amsterdam moves its clocks back at 2026-10-25 01:00 UTC (03:00 CEST
becomes 02:00 CET) and forward at 2026-03-29 01:00 UTC (02:00 CET becomes
03:00 CEST). A chain whose waits cross the switch must neither repeat a
step in the repeated hour nor skip one in the missing hour.
"""

from __future__ import annotations

import datetime as dt

import pytest

from handlers.escalation import fire_due
from tests.handlers.escalation_helpers import at, new_alert, nudge_events, steps

HALF_HOURS = {
    "remind_every": "30m",
    "max_reminders": 1,
    "step": [
        {"notify": "primary", "wait": "30m"},
        {"notify": "backups", "wait": "30m"},
        {"notify": "coordinators", "wait": "30m"},
        {"notify": "admin_group"},
    ],
}


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        pytest.param(
            "2026-10-25 00:15",
            ["00:15", "00:45", "01:15", "01:45", "02:15"],
            id="clocks-go-back",
        ),
        pytest.param(
            "2026-03-29 00:15",
            ["00:15", "00:45", "01:15", "01:45", "02:15"],
            id="clocks-go-forward",
        ),
    ],
)
def test_chain_across_a_switch_fires_each_step_once_at_its_instant(
    escalation_bot, escalation_clock, start, expected
):
    escalation_clock.set(at(start))
    bot = escalation_bot(escalation=HALF_HOURS)
    number = new_alert(bot)

    while escalation_clock.now < at(start) + dt.timedelta(hours=4):
        fire_due(bot)
        fire_due(bot)
        escalation_clock.advance(minutes=1)

    day = start.split()[0]
    fired = [step.fired_at for step in steps(bot, number)]
    assert fired == [at(f"{day} {time}") for time in expected]
    assert nudge_events(bot, number) == {(number, n): 1 for n in range(1, 6)}
