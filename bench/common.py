"""What every benchmark shares: figures, databases, configs and processes."""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import requests
from sqlalchemy import text

from bench.far_end import ACCOUNT_SID, AUTH_TOKEN
from bot.app import load_registry
from bot.db import Base, make_engine
from bot.migrate import upgrade

PG_ENV = "BUURTALERT_BENCH_DATABASE_URL"
BOT_NUMBER = "whatsapp:+3197010000000"
# Status callbacks would go here; the fake plays none unless asked, and the
# address stays on this machine either way.
NOWHERE = "http://127.0.0.1:9"
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Figure:
    """One line of the results: a ratio or a count, and its target."""

    name: str
    value: str
    target: str = ""
    met: bool | None = None  # None: for information, no target


@dataclass
class Section:
    """The results of one benchmark."""

    title: str
    figures: list[Figure] = field(default_factory=list)
    info: list[str] = field(default_factory=list)
    limits: list[str] = field(default_factory=list)
    skipped: str | None = None

    def add(self, name: str, value: str, target: str = "", met: bool | None = None):
        self.figures.append(Figure(name, value, target, met))


def recipients(count: int, offset: int = 0) -> list[str]:
    return [f"whatsapp:+3161{offset + n:07d}" for n in range(count)]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))
    return ordered[index]


def median(values: list[float]) -> float:
    return statistics.median(values)


def alternate(rounds: int) -> Iterator[tuple[int, bool]]:
    """(round, A first?) for each round: ABBAAB..., so drift hits both."""
    for number in range(rounds):
        yield number, number % 2 == 0


def database_urls(tmp: Path, name: str) -> list[str]:
    """A fresh SQLite file, and PostgreSQL when the environment names one."""
    urls = [f"sqlite:///{tmp / name}.db"]
    if os.environ.get(PG_ENV):
        urls.append(os.environ[PG_ENV])
    return urls


def create_schema(url: str) -> None:
    """Empty tables for every model, built by the migrations as in production."""
    load_registry(["handlers"])
    engine = make_engine(url)
    Base.metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()
    upgrade(url)


def kind_of(url: str) -> str:
    return "PostgreSQL" if url.startswith("postgresql") else "SQLite"


# A template's content SID; the far end accepts any.
TEMPLATE = "HX" + "0" * 32


def overrides(url: str, api_base: str, per_second: float = 100000) -> dict:
    """A config for the bot against the far end, as load_config takes it."""
    return {
        "bot": {"public_url": NOWHERE, "plugins": ["handlers"], "secret_key": "bench"},
        "database": {"url": url},
        "twilio": {
            "account_sid": ACCOUNT_SID,
            "auth_token": AUTH_TOKEN,
            "whatsapp_from": BOT_NUMBER,
            "api_base": api_base,
            "messages_per_second": per_second,
        },
        "worker": {"transport": "twilio", "threads": 8},
    }


def write_config(path: Path, sections: dict) -> Path:
    """The same config as a TOML file, for ``python -m bot``."""
    lines = []
    for name, values in sections.items():
        lines.append(f"[{name}]")
        for key, value in values.items():
            lines.append(f"{key} = {_toml(value)}")
        lines.append("")
    path.write_text("\n".join(lines))
    return path


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_process(args: list[str], log: Path) -> subprocess.Popen:
    """``python args`` from the project root, its output into ``log``."""
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, *args], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT
        )


def wait_until(ready: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            return
        time.sleep(0.05)
    raise TimeoutError(f"{what} was not ready within {timeout} s")


def answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=1).status_code < 500
    except requests.ConnectionError:
        return False


def stop_process(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def peak_rss_mb(pid: int) -> float:
    """The high-water mark of a running process's resident memory."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")
