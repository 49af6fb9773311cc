"""Pytest fixtures for the fakes; a conftest imports them by name."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.twilio_api import FakeTwilio


@pytest.fixture
def fake_twilio() -> Iterator[FakeTwilio]:
    """A fake Twilio Messages API running on 127.0.0.1 for one test."""
    with FakeTwilio() as fake:
        yield fake
