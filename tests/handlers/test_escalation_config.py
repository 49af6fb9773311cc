"""The [escalation] section: defaults, and bad steps named by their place."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.app import load_registry
from bot.config import load_config
from bot.errors import ConfigError
from handlers.escalation import EscalationSection, StepConfig


@pytest.fixture(autouse=True)
def _registered() -> None:
    load_registry(["handlers"])


def problems_for(section: dict) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_config(None, {"escalation": section})
    return caught.value.problems


def test_defaults_when_the_section_is_absent():
    section = load_config(None).section("escalation", EscalationSection)

    assert [(s.notify, s.wait.total_seconds()) for s in section.step] == [
        ("primary", 300),
        ("backups", 600),
        ("coordinators", 1800),
        ("admin_group", 0),
    ]
    assert section.remind_every == dt.timedelta(minutes=30)
    assert section.max_reminders == 3
    assert section.check_every == dt.timedelta(seconds=1)


def test_steps_are_read_with_their_waits():
    steps = [{"notify": "backups", "wait": "90s"}, {"notify": "admin_group"}]
    section = load_config(None, {"escalation": {"step": steps}}).section(
        "escalation", EscalationSection
    )

    assert section.step == [
        StepConfig("backups", dt.timedelta(seconds=90)),
        StepConfig("admin_group", dt.timedelta(0)),
    ]


@pytest.mark.parametrize(
    ("step", "problem"),
    [
        pytest.param(
            {"notify": "backups", "wait": "5x"},
            "[escalation] step[2].wait = '5x': expected a duration such as 30s,"
            " 5m or 2h",
            id="bad-wait",
        ),
        pytest.param(
            {"notify": "backups", "wait": 5},
            "[escalation] step[2].wait = 5: expected a duration such as 30s, 5m or 2h",
            id="wait-without-unit",
        ),
        pytest.param(
            {"notify": "bakcups"},
            "[escalation] step[2].notify = 'bakcups': expected one of primary,"
            " backups, admins, coordinators, admin_group",
            id="unknown-audience",
        ),
        pytest.param(
            {"notify": "backups", "colour": "red"},
            "[escalation] step[2].colour: unknown key",
            id="unknown-key",
        ),
        pytest.param(
            {"wait": "5m"}, "[escalation] step[2].notify: missing", id="no-notify"
        ),
    ],
)
def test_no_bad_step(step, problem):
    steps = [{"notify": "primary", "wait": "5m"}, step]

    assert problems_for({"step": steps}) == [problem]


def test_no_empty_chain():
    assert problems_for({"step": []}) == [
        "[escalation] step: expected at least one step"
    ]


def test_every_bad_key_is_named_at_once():
    steps = [{"notify": "primary", "wait": "5x"}, {"notify": 3, "wait": "1h"}]

    assert problems_for({"step": steps, "max_reminders": -1}) == [
        "[escalation] step[1].wait = '5x': expected a duration such as 30s, 5m or 2h",
        "[escalation] step[2].notify = 3: expected text in quotes",
        "[escalation] max_reminders = -1: expected 0 or more",
    ]


def test_job_interval_comes_from_the_config():
    registry = load_registry(["handlers"])
    config = load_config(None, {"escalation": {"check_every": "3s"}})

    (job,) = [job for job in registry.jobs if job.id == "escalation.fire_due"]
    assert job.interval(config) == 3.0
