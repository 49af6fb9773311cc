"""Fixtures shared by every test: a real database, a bot, a signed client.

Tests run on SQLite by default; set BUURTALERT_TEST_DATABASE_URL to a
``postgresql+psycopg://`` URL to run them on PostgreSQL.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import text

from bot.app import BotApp, load_registry
from bot.config import load_config
from bot.db import Base, make_engine
from bot.migrate import alembic_config
from bot.transports.local import LocalTransport
from bot.worker import Worker
from bot.wsgi import create_flask_app
from tests import twilio_forms
from tests.fakes.fixtures import fake_twilio

__all__ = ["fake_twilio"]

TEST_DB_ENV = "BUURTALERT_TEST_DATABASE_URL"
PUBLIC_URL = "https://buurtalert.test"


class LogRecorder(logging.Handler):
    """Keeps every record at INFO or above of the whole run, as text."""

    def __init__(self) -> None:
        super().__init__(level=logging.INFO)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
        self.messages.append(text)


LOG_RECORDER = LogRecorder()


def pytest_configure(config: pytest.Config) -> None:
    root = logging.getLogger()
    root.addHandler(LOG_RECORDER)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run when any log line held a phone number or an address."""
    from tests.test_privacy_logs import leaks

    found = leaks(LOG_RECORDER.messages)
    if not found:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"personal data in {len(found)} log lines:", red=True)
        for line in found[:10]:
            reporter.write_line(f"  {line[:200]}")
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("BUURTALERT_") and name != TEST_DB_ENV:
            monkeypatch.delenv(name)


def _create_schema(url: str) -> None:
    load_registry(["handlers", "web"])  # the domain's tables join the metadata
    engine = make_engine(url)
    Base.metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    Base.metadata.create_all(engine)
    engine.dispose()
    command.stamp(alembic_config(url), "head")


@pytest.fixture(scope="session")
def _schema(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database with the current schema: a template file, or PostgreSQL."""
    url = os.environ.get(TEST_DB_ENV)
    if url:
        _create_schema(url)
        return url
    template = tmp_path_factory.mktemp("schema") / "template.db"
    _create_schema(f"sqlite:///{template}")

    return str(template)


@pytest.fixture
def database_url(_schema: str, tmp_path: Path) -> str:
    """An empty database with the current schema, fresh for each test."""
    if _schema.startswith("postgresql"):
        engine = make_engine(_schema)
        names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        with engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        engine.dispose()
        return _schema
    path = tmp_path / "bot.db"
    shutil.copyfile(_schema, path)

    return f"sqlite:///{path}"


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = {k: dict(v) if isinstance(v, dict) else v for k, v in base.items()}
    for section, values in extra.items():
        merged.setdefault(section, {}).update(values)

    return merged


@pytest.fixture
def make_bot(database_url: str) -> Iterator[Callable[..., BotApp]]:
    """Build a :class:`BotApp` on the test database with the local transport."""
    made: list[BotApp] = []

    def make(
        plugins: tuple[str, ...] = ("handlers", "web"),
        transport: Any = None,
        clock: Callable[[], Any] | None = None,
        **sections: dict[str, Any],
    ) -> BotApp:
        overrides = _merge(
            {
                "bot": {
                    "public_url": PUBLIC_URL,
                    "secret_key": "test-secret",
                    "plugins": list(plugins),
                },
                "database": {"url": database_url},
                "twilio": {
                    "account_sid": twilio_forms.ACCOUNT_SID,
                    "auth_token": twilio_forms.AUTH_TOKEN,
                    "whatsapp_from": twilio_forms.BOT_NUMBER,
                },
                "worker": {"transport": "local"},
            },
            sections,
        )
        registry = load_registry(list(plugins))
        config = load_config(None, overrides)
        extra = {"clock": clock} if clock else {}
        bot = BotApp(config, registry, transport or LocalTransport(), **extra)
        made.append(bot)
        return bot

    yield make
    for bot in made:
        worker = bot.extensions.get("worker")
        if worker is not None:
            worker.close()
        bot.db.dispose()


class WhatsApp:
    """Posts signed, Twilio-shaped requests to the app, and delivers replies."""

    def __init__(self, bot: BotApp) -> None:
        self.bot = bot
        self.client = create_flask_app(bot).test_client()

    @property
    def transport(self) -> LocalTransport:
        assert isinstance(self.bot.transport, LocalTransport)
        return self.bot.transport

    def post(self, path: str, form: dict[str, str], signature: str | None = None):
        if signature is None:
            signature = twilio_forms.sign(PUBLIC_URL + path, form)
        return self.client.post(
            path, data=form, headers={"X-Twilio-Signature": signature}
        )

    def send(self, sender: str, body: str = "", **extra: str):
        """``sender`` writes ``body``; returns the webhook's response."""
        return self.post(
            "/twilio/whatsapp", twilio_forms.inbound(sender, body, **extra)
        )

    def deliver(self) -> int:
        """Let the worker send everything that is due."""
        worker = self.bot.extensions.get("worker")
        if worker is None:
            worker = Worker(
                self.bot.db,
                self.bot.config,
                self.bot.make_transport(),
                clock=self.bot.clock,
                on_opt_out=self.bot.on_opt_out,
            )
            self.bot.extensions["worker"] = worker
        return worker.deliver_due()

    def inbox(self, address: str) -> list[str]:
        """What ``address`` has received so far, delivering first."""
        self.deliver()
        if not address.startswith("whatsapp:"):
            address = f"whatsapp:{address}"
        return self.transport.to(address)

    def last(self, address: str) -> str:
        messages = self.inbox(address)
        assert messages, f"nothing was sent to {address}"
        return messages[-1]


@pytest.fixture
def whatsapp_for() -> Callable[[BotApp], WhatsApp]:
    return WhatsApp
