"""The application: configuration, database and plugins."""

from __future__ import annotations

import importlib
import logging
import threading
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

# Importing the framework's table modules puts their tables on the metadata.
from bot import contacts, conversations, delivery, inbound, outbox  # noqa: F401
from bot.config import DEFAULT_PLUGINS, Config, load_config
from bot.db import Database, utcnow
from bot.dispatcher import Dispatcher
from bot.registry import Command, Registry, Sender
from bot.transports.base import Transport
from bot.update import Update

log = logging.getLogger(__name__)


class BotApp:
    """Everything one process needs: config, database, registry, worker."""

    def __init__(
        self,
        config: Config,
        registry: Registry,
        transport: Transport | None = None,
        clock: Callable[[], Any] = utcnow,
    ) -> None:
        self.config = config
        self.registry = registry
        self.texts = registry.texts
        self.texts.default_language = config.bot.language
        self.db = Database(config.database.url)
        self.clock = clock
        self.dispatcher = Dispatcher(registry)
        self.transport = transport
        self.wake = threading.Event()
        self.extensions: dict[str, Any] = {}

    def resolve_sender(self, session: Session, update: Update) -> Sender:
        if self.registry.resolver is None:
            return Sender(address=update.sender)

        return self.registry.resolver(session, update, self.config)

    def on_opt_out(self, session: Session, address: str) -> None:
        for listener in self.registry.opt_out_listeners:
            listener(session, address)

    def delivery_policy(self) -> delivery.Policy:
        """The rules for failed sends and failed status callbacks."""
        return delivery.Policy.of(
            self.config, clock=self.clock, on_opt_out=self.on_opt_out
        )

    def make_transport(self) -> Transport:
        if self.transport is not None:
            return self.transport
        if self.config.worker.transport == "local":
            from bot.transports.local import LocalTransport

            self.transport = LocalTransport()
        else:
            from bot.transports.twilio import TwilioTransport

            twilio = self.config.twilio
            self.transport = TwilioTransport(
                twilio.account_sid,
                twilio.auth_token,
                whatsapp_from=twilio.whatsapp_from or None,
                messaging_service_sid=twilio.messaging_service_sid or None,
                api_base=twilio.api_base,
                timeout=twilio.timeout.total_seconds(),
                pool_size=self.config.worker.threads,
            )

        return self.transport


def load_registry(plugins: list[str]) -> Registry:
    """Import each plugin module by name and let it register itself."""
    registry = Registry()
    registry.command(_help_command(registry))
    for name in plugins:
        module = importlib.import_module(name)
        module.setup(registry)

    return registry


def _help_command(registry: Registry) -> Command:
    def show_help(ctx: Any) -> None:
        lines = [
            ctx.text("help.header"),
            *ctx.bot.dispatcher.help_lines(ctx, ctx.sender),
        ]
        notes = [
            ctx.text(key)
            for role, key in registry.help_notes
            if role in ctx.sender.roles
        ]
        ctx.reply_text("\n\n".join(["\n".join(lines), *notes]))

    return Command("hulp", show_help, aliases=("help", "?"), interrupts=True)


def plugin_names(path: Path | None) -> list[str]:
    """The ``[bot] plugins`` list, read before the config is checked.

    Plugins register config sections, so they are loaded first.
    """
    if path is None or not path.exists():
        return list(DEFAULT_PLUGINS)
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except tomllib.TOMLDecodeError:
        return list(DEFAULT_PLUGINS)
    section = raw.get("bot")
    plugins = section.get("plugins") if isinstance(section, dict) else None
    if plugins is None:
        return list(DEFAULT_PLUGINS)  # the config check names a bad [bot]

    return (
        [p for p in plugins if isinstance(p, str)] if isinstance(plugins, list) else []
    )


def build(
    path: Path | None,
    overrides: dict[str, Any] | None = None,
    transport: Transport | None = None,
    clock: Callable[[], Any] = utcnow,
) -> BotApp:
    """Load plugins and config, and make the :class:`BotApp`."""
    registry = load_registry(plugin_names(path))
    config = load_config(path, overrides)

    return BotApp(config, registry, transport=transport, clock=clock)
