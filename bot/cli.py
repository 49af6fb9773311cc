"""The command line: ``python -m bot serve | worker | db upgrade | ...``."""

from __future__ import annotations

import logging
import signal
import sys
import threading
from pathlib import Path
from typing import Any

import click

from bot.app import BotApp, build, load_registry, plugin_names
from bot.config import find_config_path
from bot.errors import ConfigError
from bot.migrate import schema_state, upgrade
from bot.wsgi import create_flask_app

log = logging.getLogger(__name__)


class Holder:
    """Builds the :class:`BotApp` the first time a command needs it."""

    def __init__(self, config: str | None) -> None:
        self.path: Path | None = find_config_path(config)
        self._bot: BotApp | None = None
        self.overrides: dict[str, Any] = {}

    def bot(self) -> BotApp:
        if self._bot is None:
            try:
                self._bot = build(self.path, self.overrides)
            except ConfigError as err:
                for problem in err.problems:
                    click.echo(f"config: {problem}", err=True)
                raise SystemExit(2) from err
        return self._bot


def setup_logging(level: str = "INFO") -> None:
    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    logging.getLogger("twilio.http_client").setLevel(logging.WARNING)
    # A periodic job still running when its next turn comes is skipped on
    # purpose (max_instances=1); APScheduler would warn about each one.
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    # Alembic reports its context at INFO on every health check.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)


@click.group()
@click.option("--config", "config", help="Config file (else BUURTALERT_CONFIG).")
@click.option("--log-level", default="INFO", show_default=True)
@click.pass_context
def main(ctx: click.Context, config: str | None, log_level: str) -> None:
    """BuurtAlert: a WhatsApp bot for neighbourhood watch groups."""
    setup_logging(log_level.upper())
    ctx.obj = Holder(config)


def require_schema(bot: BotApp) -> None:
    state = schema_state(bot.db.engine)
    if state != "current":
        click.echo(
            f"The database schema is {state}: run 'python -m bot db upgrade' first.",
            err=True,
        )
        raise SystemExit(2)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8080, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int)
@click.option("--no-worker", is_flag=True, help="Serve only; run workers apart.")
@click.pass_obj
def serve(holder: Holder, host: str, port: int, threads: int, no_worker: bool) -> None:
    """Serve the webhook (and, unless --no-worker, the worker too)."""
    bot = holder.bot()
    twilio = bot.config.twilio
    if twilio.validate_signature and not twilio.auth_token:
        click.echo(
            "config: [twilio] auth_token is empty: set it, or"
            " BUURTALERT_TWILIO_AUTH_TOKEN; signatures cannot be checked without it",
            err=True,
        )
        raise SystemExit(2)
    if not bot.config.bot.secret_key:
        click.echo(
            "config: [bot] secret_key is empty: set it, or BUURTALERT_SECRET_KEY,"
            " to a long random text (it signs the website's forms)",
            err=True,
        )
        raise SystemExit(2)
    require_schema(bot)
    run_server(bot, host, port, threads, with_worker=not no_worker)


def run_server(
    bot: BotApp, host: str, port: int, threads: int, with_worker: bool
) -> None:
    """Serve with waitress until SIGTERM or Ctrl-C, then stop cleanly."""
    from waitress.server import create_server

    from bot.runner import Runner

    for hook in bot.registry.on_start:
        hook(bot)
    app = create_flask_app(bot)
    runner = Runner(bot) if with_worker else None
    server = create_server(app, host=host, port=port, threads=threads)
    _stop_on_sigterm()
    if runner is not None:
        runner.start()
    log.info("serving on http://%s:%s", host, server.effective_port)
    try:
        server.run()
    except (KeyboardInterrupt, SystemExit):
        log.info("stopping")
    finally:
        server.close()
        if runner is not None:
            runner.stop()
        bot.db.dispose()


def _stop_on_sigterm() -> None:
    def stop(_signum: int, _frame: Any) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)


@main.command()
@click.pass_obj
def worker(holder: Holder) -> None:
    """Run the worker alone: delivery and the periodic jobs."""
    from bot.runner import Runner

    bot = holder.bot()
    require_schema(bot)
    runner = Runner(bot)
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    signal.signal(signal.SIGINT, lambda *_: stopped.set())
    runner.start()
    stopped.wait()
    runner.stop()
    bot.db.dispose()


@main.group()
def db() -> None:
    """The database schema."""


@db.command("upgrade")
@click.pass_obj
def db_upgrade(holder: Holder) -> None:
    """Bring the database schema up to date."""
    bot = holder.bot()
    upgrade(bot.config.database.url)
    click.echo("The database schema is current.")


def run(argv: list[str] | None = None) -> None:
    """Entry point: add the plugins' commands, then run the CLI."""
    args = sys.argv[1:] if argv is None else argv
    config = _config_option(args)
    plugins = plugin_names(find_config_path(config))
    try:
        registry = load_registry(plugins)
    except ModuleNotFoundError as err:
        click.echo(
            f"config: [bot] plugins = {plugins!r}: no module named {err.name!r}",
            err=True,
        )
        raise SystemExit(2) from err
    for command in registry.cli_commands:
        main.add_command(command)
    main.main(args=args, prog_name="python -m bot")


def _config_option(args: list[str]) -> str | None:
    for index, arg in enumerate(args):
        if arg == "--config" and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith("--config="):
            return arg.split("=", 1)[1]

    return None
