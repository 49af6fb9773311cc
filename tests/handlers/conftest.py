"""Fixtures for handler tests: a bot over the Katwijk demo network, a clock."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from models.network_import import import_network, load_network_file

KATWIJK_FILE = Path(__file__).parents[2] / "data" / "katwijk.toml"
# Messages outside the 24-hour window need a template; any SID will do here.
TEMPLATES = {
    kind: f"HX{kind}" for kind in ("alert", "nudge", "reply", "notice", "welcome")
}


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def katwijk_bot(make_bot, clock):
    """A bot over the imported Katwijk demo network, on a hand-moved clock."""
    bot = make_bot(clock=clock, twilio={"templates": TEMPLATES})
    with bot.db.transaction() as session:
        report = import_network(session, load_network_file(KATWIJK_FILE))
        assert report.ok, report.errors

    return bot


@pytest.fixture
def katwijk_whatsapp(katwijk_bot, whatsapp_for):
    return whatsapp_for(katwijk_bot)
