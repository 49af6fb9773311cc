"""Fixtures for the web pages: the demo network, a running demo, and the
handler tests' Katwijk bot and clock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.app import BotApp
from models.network_import import import_network, load_network_file
from tests.handlers.conftest import (
    clock,
    katwijk,
    katwijk_bot,
    katwijk_whatsapp,
    make_katwijk_bot,
)
from web.demo import DemoServer, build_demo

__all__ = ["clock", "katwijk", "katwijk_bot", "katwijk_whatsapp", "make_katwijk_bot"]

NETWORK_FILE = Path(__file__).resolve().parents[2] / "data" / "katwijk.toml"


@pytest.fixture
def demo_bot(make_bot) -> BotApp:
    """A bot in demo mode on the test database, with the Katwijk network."""
    bot = make_bot(demo={"enabled": True})
    with bot.db.transaction() as session:
        report = import_network(session, load_network_file(NETWORK_FILE))
    assert report.ok, report.errors

    return bot


@pytest.fixture
def running_demo(tmp_path: Path) -> Iterator[DemoServer]:
    """``python -m bot demo`` in a thread: HTTP, worker, status playback."""
    with DemoServer(build_demo(tmp_path / "var", port=0)) as server:
        yield server
