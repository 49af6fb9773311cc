"""The dispatcher: carries out what the router decided, for one update."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot import conversations
from bot.context import Context
from bot.registry import Command, Sender
from bot.router import Route, Router

if TYPE_CHECKING:
    from bot.registry import Registry

log = logging.getLogger(__name__)


class Dispatcher:
    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.router = Router(registry)

    def dispatch(self, ctx: Context) -> Route:
        """Route ``ctx.update`` and run its handler; returns the route taken."""
        ctx.conversation = conversations.current(
            ctx.session, ctx.update.sender, ctx.now
        )
        name = ctx.conversation.name if ctx.conversation else None
        route = self.router.route(ctx.update, ctx.sender, name)
        log.debug(
            "route %s %s", route.kind, route.command.name if route.command else ""
        )
        self._run(ctx, route)

        return route

    def _run(self, ctx: Context, route: Route) -> None:
        if route.kind == "button":
            self.registry.buttons[route.target](ctx)
        elif route.kind == "conversation":
            assert ctx.conversation is not None
            conversation = self.registry.conversations[route.target]
            conversation.states[ctx.conversation.state](ctx)
        elif route.kind == "cancel":
            ctx.end()
            ctx.reply(_text_for(ctx, route.target, "cancelled"))
        elif route.kind == "command":
            assert route.command is not None
            ctx.args = route.args
            route.command.handler(ctx)
        elif route.kind == "refused":
            ctx.reply("command.refused")
        elif route.kind == "usage":
            assert route.command is not None
            ctx.reply("command.usage", usage=usage(ctx, route.command))
        elif route.kind == "default":
            dict(self.registry.defaults)[route.target](ctx)
        elif route.kind == "empty":
            ctx.reply("message.empty")
        elif route.suggestion:
            ctx.reply("command.unknown", suggestion=route.suggestion)
        else:
            ctx.reply("command.unknown_plain")

    def help_lines(self, ctx: Context, sender: Sender) -> list[str]:
        """One line per command ``sender`` may use, in registry order."""
        return [
            ctx.text("help.entry", usage=usage(ctx, c), summary=summary(ctx, c))
            for c in self.registry.commands
            if c.allows(sender) and not c.hidden
        ]


def _text_for(ctx: Context, conversation: str, event: str) -> str:
    specific = f"conversation.{conversation}.{event}"
    return specific if specific in ctx.bot.texts else f"conversation.{event}"


def usage(ctx: Context, command: Command) -> str:
    key = f"command.{command.name}.usage"
    return ctx.text(key) if key in ctx.bot.texts else command.name


def summary(ctx: Context, command: Command) -> str:
    key = f"command.{command.name}.summary"
    return ctx.text(key) if key in ctx.bot.texts else ""
