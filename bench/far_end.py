"""The far end: the fake Twilio Messages API, in a process of its own.

The bot and the baselines talk to it over loopback HTTP, as they would to
Twilio; its CPU time is not theirs. Receive times are ``time.monotonic()``,
which on Linux is one clock for every process, so the benchmarks compare
them with their own.
"""

from __future__ import annotations

import multiprocessing
from multiprocessing.connection import Connection
from typing import Any

from tests.fakes.twilio_api import TEST_ACCOUNT_SID, TEST_AUTH_TOKEN, FakeTwilio

ACCOUNT_SID = TEST_ACCOUNT_SID
AUTH_TOKEN = TEST_AUTH_TOKEN


def _serve(conn: Connection) -> None:
    with FakeTwilio() as fake:
        conn.send(fake.base_url)
        while True:
            command, argument = conn.recv()
            if command == "stop":
                return
            if command == "total":
                conn.send(len(fake.messages))
            elif command == "since":
                arrived = fake.messages[argument:]
                conn.send([(m.to, m.received_at, _text(m.fields)) for m in arrived])


def _text(fields: dict[str, str]) -> str:
    return fields.get("Body", "") + fields.get("ContentVariables", "")


class FarEnd:
    """Starts the fake in a child process; asks it what arrived."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child,), daemon=True)
        self.base_url = ""

    def __enter__(self) -> FarEnd:
        self._process.start()
        self.base_url = self._conn.recv()
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self._conn.send(("stop", None))
        self._process.join(timeout=10)

    def received(self, since: int = 0) -> list[tuple[str, float, str]]:
        """(recipient, receive time, text) of each message accepted from ``since``.

        The text is the body, or the template's variables.
        """
        self._conn.send(("since", since))
        return self._conn.recv()

    def total(self) -> int:
        """How many messages were accepted so far: a mark for ``received``."""
        self._conn.send(("total", None))
        return self._conn.recv()
