"""No log line at INFO or above holds a phone number or a demo address.

``tests/conftest.py`` records every log record of the whole run; its
session-finish hook fails the run when :func:`leaks` finds anything. The
test here checks the scanner itself, and the records of the run so far.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from pathlib import Path

import pytest

KATWIJK_FILE = Path(__file__).parents[1] / "data" / "katwijk.toml"
# Full numbers: +316..., 06..., 316... in the spellings people and Twilio use.
PHONE_PATTERNS = (
    re.compile(r"\+\s?31\s?6[\s-]?\d(?:[\s-]?\d){7}"),
    re.compile(r"(?<![\w*])06[\s-]?\d(?:[\s-]?\d){7}(?!\w)"),
    re.compile(r"(?<![\w*+])316\d{8}(?!\w)"),
)
# Streets the tests type in, besides those of the demo network.
TEST_STREETS = ("Zeeweg", "Damrak")


def demo_streets() -> list[str]:
    with KATWIJK_FILE.open("rb") as file:
        people = tomllib.load(file).get("person", [])
    addresses = [p["address"] for p in people if "address" in p]

    return sorted({a.split(",")[0].rstrip("0123456789 ") for a in addresses})


def leaks(messages: Iterable[str]) -> list[str]:
    """The messages that hold a full phone number or a demo street."""
    streets = [*demo_streets(), *TEST_STREETS]
    return [
        message
        for message in messages
        if any(p.search(message) for p in PHONE_PATTERNS)
        or any(street in message for street in streets)
    ]


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("received SM1 from +31612341001", id="e164"),
        pytest.param("number 06-1234 1001 unknown", id="dutch"),
        pytest.param("wa id 31612341001", id="wa-id"),
        pytest.param("address Voorbeeldlaan 7, 2224 AA", id="address"),
    ],
)
def test_scanner_finds_personal_data(line):
    assert leaks([line]) == [line]


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("received SM1 from +316*****001", id="masked"),
        pytest.param("request K7Q2 approved by person 4", id="ids"),
        pytest.param("sent message SMabc to NL.***", id="username"),
        pytest.param("received SM1445ad09b98ad4bd103d0655383921f5", id="sid"),
    ],
)
def test_no_false_alarm_on_masked_data(line):
    assert leaks([line]) == []


def test_no_personal_data_in_the_logs_so_far(request):
    from tests.conftest import LOG_RECORDER

    assert leaks(LOG_RECORDER.messages) == []
