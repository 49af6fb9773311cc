"""The sign-up page in a real browser at a phone's size (Playwright, Chromium):
the postcode picks the neighbourhood, a bad field is marked beside it, and
sending asks the person to confirm on WhatsApp.

Skipped where /usr/bin/chromium is missing; CI installs it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from bot.outbox import OutboxMessage
from tests.web.test_simulator_browser import ARGS, CHROMIUM, PHONE

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"
)
NUMBER = "+31687650001"


@pytest.fixture
def page(running_demo) -> Iterator:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_context(viewport=PHONE, locale="nl-NL").new_page()
        page.set_default_timeout(15_000)
        page.goto(running_demo.url + "/aanmelden")
        yield page
        browser.close()


def fill(page, **fields: str) -> None:
    for name, value in fields.items():
        page.fill(f"#{name}", value)


def test_sign_up_in_a_browser_asks_for_ja_on_whatsapp(page, running_demo):
    fill(page, naam="Nina Zeeman", telefoon="06 8765 0001", straat="Zeeweg")
    fill(page, huisnummer="12", postcode="2224 AB")
    page.locator("#postcode").blur()
    page.wait_for_function("document.getElementById('buurt').value === 'hoornes'")

    page.check("input[name=akkoord]")
    page.click("button[type=submit]")

    assert page.locator("h1").inner_text() == "Kijk op WhatsApp"
    with running_demo.bot.db.transaction() as session:
        query = select(OutboxMessage.body).where(
            OutboxMessage.recipient == f"whatsapp:{NUMBER}"
        )
        asked = session.scalars(query).all()
    assert len(asked) == 1
    assert "'ja'" in asked[0]


def test_no_sign_up_with_a_bad_number_and_it_says_where(page, running_demo):
    fill(page, naam="Nina Zeeman", telefoon="12345", straat="Zeeweg")
    fill(page, huisnummer="12", postcode="2224 AB")
    page.check("input[name=akkoord]")

    page.click("button[type=submit]")

    error = page.locator("#telefoon-error")
    assert "geen geldig telefoonnummer" in error.inner_text()
    assert page.locator("#telefoon").get_attribute("aria-invalid") == "true"
