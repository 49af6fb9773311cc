"""``python -m bot demo``: the whole bot on this machine, with a simulator.

An SQLite database under the var folder with the Katwijk demo network, the
local transport (which plays back signed status callbacks), signature checks
on with a demo token, and the simulator at ``/demo``. ``--script`` plays the
story in :mod:`web.story` against it instead.
"""

from __future__ import annotations

import logging
import socket
import tempfile
import threading
from pathlib import Path
from typing import Any

import click

from bot.app import BotApp, load_registry, plugin_names
from bot.config import load_config
from bot.migrate import upgrade
from bot.transports.local import LocalTransport
from bot.wsgi import create_flask_app
from models.network_import import import_network, load_network_file

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
# Not a secret: the simulator signs with it, as Twilio signs with the real one.
DEMO_AUTH_TOKEN = "buurtalert-demo-auth-token"  # noqa: S105
CONTROL_ROOM = "+31612340000"
NETWORK_FILE = Path(__file__).resolve().parent.parent / "data" / "katwijk.toml"
TEMPLATE_KINDS = ("alert", "nudge", "reply", "notice", "welcome")
# Short waits, so that a nudge shows within a minute.
ESCALATION_STEPS = [
    {"notify": "primary", "wait": "20s"},
    {"notify": "backups", "wait": "20s"},
    {"notify": "coordinators", "wait": "30s"},
    {"notify": "admin_group"},
]


def demo_overrides(var: Path, port: int) -> dict[str, Any]:
    """The demo's configuration."""
    return {
        "bot": {"public_url": f"http://{HOST}:{port}", "secret_key": "demo"},
        "database": {"url": f"sqlite:///{var / 'demo.db'}"},
        "twilio": {
            "account_sid": "AC" + "d" * 32,
            "auth_token": DEMO_AUTH_TOKEN,
            "whatsapp_from": "whatsapp:+3197010000000",
            "validate_signature": True,
            "templates": {
                kind: f"HX{index:032x}" for index, kind in enumerate(TEMPLATE_KINDS)
            },
        },
        "worker": {"transport": "local"},
        "demo": {"enabled": True},
        "police": {"numbers": [CONTROL_ROOM]},
        "escalation": {"step": ESCALATION_STEPS, "remind_every": "1m"},
    }


def prepare_database(url: str) -> None:
    """Bring the schema at ``url`` up to date."""
    upgrade(url)


def import_demo_network(bot: BotApp) -> None:
    with bot.db.transaction() as session:
        report = import_network(session, load_network_file(NETWORK_FILE))
    if not report.ok:
        raise click.ClickException("; ".join(report.errors))


def build_demo(var: Path, port: int, reset: bool = False) -> BotApp:
    """A ready :class:`BotApp`: database, network, config; no transport yet."""
    var.mkdir(parents=True, exist_ok=True)
    if reset:
        for path in var.glob("demo.db*"):  # with SQLite's -wal and -shm files
            path.unlink()

    registry = load_registry(plugin_names(None))  # registers the sections first
    bot = BotApp(load_config(None, demo_overrides(var, port)), registry)
    prepare_database(bot.config.database.url)
    import_demo_network(bot)

    return bot


def listen_on(bot: BotApp, port: int) -> None:
    """Point the public URL and the status playback at ``port``."""
    url = f"http://{HOST}:{port}"
    bot.config.replace("bot", public_url=url)
    if bot.transport is not None:
        bot.transport.close()
    bot.transport = LocalTransport(
        status_url=url + "/twilio/status", auth_token=DEMO_AUTH_TOKEN
    )


class DemoServer:
    """The demo app with its worker, served from a thread (tests, ``--script``)."""

    def __init__(self, bot: BotApp, port: int = 0) -> None:
        from waitress.server import create_server

        from bot.runner import Runner

        self.bot = bot
        self.server: Any = create_server(
            create_flask_app(bot), host=HOST, port=port, threads=8
        )
        self.url = f"http://{HOST}:{self.server.effective_port}"
        listen_on(bot, self.server.effective_port)
        for hook in bot.registry.on_start:
            hook(bot)
        self.runner = Runner(bot)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> DemoServer:
        self.runner.start()
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        # Close the sockets from the server's own thread: closing them from
        # here races its select() ("Bad file descriptor"). With no socket
        # left, its loop ends.
        sockets = self.server._map
        self.server.trigger.pull_trigger(
            lambda: [channel.close() for channel in list(sockets.values())]
        )
        self.thread.join(timeout=10)
        self.server.task_dispatcher.shutdown()
        self.runner.stop()
        self.bot.db.dispose()


@click.command("demo")
@click.option("--port", default=8080, show_default=True, type=int)
@click.option("--reset", is_flag=True, help="Start again from an empty database.")
@click.option(
    "--script",
    is_flag=True,
    help="Play the story on a fresh demo of its own (or --url) and print it.",
)
@click.option("--url", help="With --script: a demo that is already running.")
@click.option(
    "--var",
    "var",
    default="var",
    show_default=True,
    envvar="BUURTALERT_VAR",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the demo database (else BUURTALERT_VAR).",
)
def demo(port: int, reset: bool, script: bool, url: str | None, var: Path) -> None:
    """Run BuurtAlert on this machine with a WhatsApp simulator."""
    if script:
        raise SystemExit(_play(url))

    from bot.cli import run_server

    bot = build_demo(var, port, reset)
    listen_on(bot, port)
    click.echo(f"BuurtAlert demo: open http://{HOST}:{port}/demo")
    run_server(bot, HOST, port, threads=8, with_worker=True)


def _play(url: str | None) -> int:
    """Play the story against ``url``, or against a demo of its own.

    Its own demo has a fresh database in a temporary folder and a free port,
    so that a demo someone is using is neither disturbed nor in the way.
    """
    from web.story import play

    if url:
        return play(url, DEMO_AUTH_TOKEN, click.echo)
    with tempfile.TemporaryDirectory(prefix="buurtalert-story-") as folder:
        port = _free_port()
        with DemoServer(build_demo(Path(folder), port), port) as server:
            return play(server.url, DEMO_AUTH_TOKEN, click.echo)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])
