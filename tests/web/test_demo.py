"""The demo as it runs: HTTP, signed webhook posts, worker and status ticks."""

from __future__ import annotations

import time

import pytest
import requests

from bot.app import load_registry
from bot.config import load_config
from web import story
from web.demo import DEMO_AUTH_TOKEN, demo_overrides

KEES = story.PEOPLE["kees"]


def chat(url: str, address: str) -> list[dict]:
    response = requests.get(
        f"{url}/demo/api/chat", params={"address": address}, timeout=5
    )
    return response.json()["messages"]


def wait_for_status(url: str, address: str, status: str) -> list[dict]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        messages = chat(url, address)
        if any(m["direction"] == "out" and m["status"] == status for m in messages):
            return messages
        time.sleep(0.2)
    raise AssertionError(f"no message reached {status!r}: {messages}")


def test_demo_config_is_valid_with_short_nudges(tmp_path):
    load_registry(["handlers", "web"])

    config = load_config(None, demo_overrides(tmp_path, 8080))

    steps = config.section("escalation", object).step
    assert [s.notify for s in steps][:2] == ["primary", "backups"]
    assert steps[0].wait.total_seconds() <= 30
    assert config.section("demo", object).enabled


def test_send_goes_through_the_signed_webhook_and_gets_read(running_demo):
    response = requests.post(
        f"{running_demo.url}/demo/api/send",
        json={"address": KEES.number, "body": "hulp"},
        timeout=10,
    )

    messages = wait_for_status(running_demo.url, KEES.address, "read")
    assert response.json()["status"] == 200
    assert [m["direction"] for m in messages] == ["in", "out"]
    assert messages[0]["status"] == "handled"


def test_no_unsigned_post_to_the_demo_webhook(running_demo):
    form = story.inbound_form(KEES.number, "hulp")

    response = requests.post(
        f"{running_demo.url}/twilio/whatsapp", data=form, timeout=5
    )

    assert response.status_code == 403


def test_story_passes_when_every_step_happens(running_demo):
    steps = [
        story.Step("Kees vraagt hulp", "kees", "hulp", expect=(story.Expect("kees"),))
    ]
    lines: list[str] = []

    result = story.play(running_demo.url, DEMO_AUTH_TOKEN, lines.append, steps)

    assert result == 0
    assert "   Kees Varkevisser: hulp" in lines
    assert lines[-1] == "\nAll 1 steps happened."


def test_story_names_the_step_that_did_not_happen(running_demo):
    steps = [
        story.Step(
            "Niemand antwoordt",
            "kees",
            "hulp",
            expect=(story.Expect("joke", "nooit"),),
            timeout=1,
            needs="a branch",
        )
    ]
    lines: list[str] = []

    result = story.play(running_demo.url, DEMO_AUTH_TOKEN, lines.append, steps)

    assert result == 1
    assert "Step 1 failed: Niemand antwoordt" in lines[-2]
    assert "Joke van der Plas" in lines[-2]
    assert lines[-1] == "   This step needs: a branch"


@pytest.mark.parametrize(
    "step",
    [pytest.param(step, id=f"step-{n}") for n, step in enumerate(story.STORY, 1)],
)
def test_story_steps_name_known_people(step):
    assert step.actor in ("", *story.PEOPLE)
    assert all(expect.who in story.PEOPLE for expect in step.expect)
