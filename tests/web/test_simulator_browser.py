"""The simulator in a real browser at a phone's size (Playwright, Chromium).

Skipped where /usr/bin/chromium is missing; CI installs it. Set
BUURTALERT_SCREENSHOT=1 to write docs/simulator.png again.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "simulator.png"
# Read at import: the autouse fixture clears BUURTALERT_* before each test.
WRITE_SCREENSHOT = os.environ.get("BUURTALERT_SCREENSHOT") == "1"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 390, "height": 844}
ALERT = "Inbraak Voorbeeldlaan 2224 AA, man in donkere jas op de fiets."

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"
)


@pytest.fixture
def page(running_demo) -> Iterator:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport=PHONE, locale="nl-NL")
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(running_demo.url + "/demo")
        yield page
        browser.close()


def has_command(demo, name: str) -> bool:
    return any(name in command.names for command in demo.bot.registry.commands)


def be(page, name: str) -> None:
    """Open the person list (it folds above the chat on a phone) and pick."""
    if not page.locator("#people-panel").evaluate("d => d.open"):
        page.locator("#people-panel summary").click()
    page.locator(".person", has_text=name).first.click()


def say(page, text: str) -> None:
    page.locator("#text").fill(text)
    page.locator("#send").click()


def bot_bubbles(page):
    return page.locator(".bubble.out")


def save_screenshot(page) -> None:
    if WRITE_SCREENSHOT:
        page.screenshot(path=str(SCREENSHOT))


def test_control_room_writes_and_the_bot_answers(page, running_demo):
    be(page, "Meldkamer Den Haag")

    say(page, ALERT)

    page.locator(".bubble.in", has_text="Voorbeeldlaan").wait_for()
    bot_bubbles(page).first.wait_for()
    page.locator(".bubble.out .meta", has_text="gelezen").first.wait_for()
    assert page.locator("#chat-who").inner_text().startswith("Meldkamer Den Haag")
    assert not page.locator("#people-panel").evaluate("d => d.open")
    if not has_command(running_demo, "door"):
        save_screenshot(page)


def test_alert_travels_from_control_room_to_resident(page, running_demo):
    if not has_command(running_demo, "door"):
        pytest.skip("needs the alerts branch: no 'door' command registered yet")
    be(page, "Meldkamer Den Haag")
    say(page, ALERT)

    be(page, "Joke van der Plas")
    alert = page.locator(".bubble.out", has_text=re.compile(r"#\d+")).first
    number = re.search(r"#(\d+)", alert.inner_text()).group(1)
    say(page, f"door {number} hoornes")
    be(page, "Kees Varkevisser")

    page.locator(".bubble.out", has_text="Voorbeeldlaan").first.wait_for()
    save_screenshot(page)
