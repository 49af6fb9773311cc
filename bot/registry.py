"""What an application registers with the framework.

A plugin module (``[bot] plugins``) has ``setup(registry)``; it adds its
commands, conversations, button handlers, role defaults, sender resolver,
texts, config sections, periodic jobs, CLI commands and blueprints here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.config import Config, register_section
from bot.sender import Sender
from bot.texts import Texts
from bot.update import Update, fold

if TYPE_CHECKING:
    import click
    from flask import Blueprint
    from sqlalchemy.orm import Session

    from bot.context import Context

__all__ = ["ANYONE", "Arg", "Command", "Conversation", "Registry", "Sender"]

ANYONE: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Arg:
    """One argument of a command. ``parse`` raises ValueError on bad input.

    A ``greedy`` argument takes every word that is left, as one string.
    """

    name: str
    parse: Callable[[str], Any] = str
    optional: bool = False
    greedy: bool = False


@dataclass(frozen=True)
class Command:
    """A chat command: its Dutch name first, then aliases.

    ``roles`` lists who may use it; empty means anyone. Help shows the texts
    ``command.<name>.usage`` and ``command.<name>.summary``.
    """

    name: str
    handler: Callable[[Context], None]
    aliases: tuple[str, ...] = ()
    roles: frozenset[str] = ANYONE
    args: tuple[Arg, ...] = ()
    hidden: bool = False
    interrupts: bool = False  # may be used in the middle of a conversation

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def allows(self, sender: Sender) -> bool:
        return not self.roles or bool(self.roles & sender.roles)


@dataclass(frozen=True)
class Conversation:
    """A multi-step dialogue; its state lives in the database.

    ``states`` maps a state name to the handler for a message in that state.
    Words in ``cancel_words`` end it at once.
    """

    name: str
    states: dict[str, Callable[[Context], None]]
    timeout: dt.timedelta = dt.timedelta(days=1)
    cancel_words: tuple[str, ...] = ("stop", "cancel")


@dataclass(frozen=True)
class PeriodicJob:
    """``seconds`` is a number, or a function of the config that gives one."""

    id: str
    seconds: float | Callable[[Any], float]
    func: Callable[..., None]

    def interval(self, config: Any) -> float:
        return self.seconds(config) if callable(self.seconds) else self.seconds


@dataclass
class Registry:
    """Everything the application told the framework."""

    texts: Texts = field(default_factory=Texts)
    commands: list[Command] = field(default_factory=list)
    conversations: dict[str, Conversation] = field(default_factory=dict)
    buttons: dict[str, Callable[[Context], None]] = field(default_factory=dict)
    defaults: list[tuple[str, Callable[[Context], None]]] = field(default_factory=list)
    exclusive_roles: set[str] = field(default_factory=set)
    help_notes: list[tuple[str, str]] = field(default_factory=list)
    jobs: list[PeriodicJob] = field(default_factory=list)
    cli_commands: list[click.Command] = field(default_factory=list)
    blueprints: list[Blueprint] = field(default_factory=list)
    on_start: list[Callable[[Any], None]] = field(default_factory=list)
    opt_out_listeners: list[Callable[[Session, str], None]] = field(
        default_factory=list
    )
    resolver: Callable[[Session, Update, Config], Sender] | None = None

    def command(self, command: Command) -> None:
        taken = {fold(n) for c in self.commands for n in c.names}
        clash = taken & {fold(n) for n in command.names}
        if clash:
            raise ValueError(f"command name {sorted(clash)[0]!r} is registered twice")
        self.commands.append(command)

    def conversation(self, conversation: Conversation) -> None:
        self.conversations[conversation.name] = conversation

    def button(self, prefix: str, handler: Callable[[Context], None]) -> None:
        """Handle quick-reply payloads ``<prefix>:<value>``."""
        self.buttons[prefix] = handler

    def default(
        self, role: str, handler: Callable[[Context], None], exclusive: bool = False
    ) -> None:
        """What a sender with ``role`` gets when no command matches.

        With ``exclusive``, it also takes text that starts with the name of a
        command the sender may not use: for senders whose every word counts,
        such as a control room writing "Sluit ramen en deuren".
        """
        self.defaults.append((role, handler))
        if exclusive:
            self.exclusive_roles.add(role)

    def help_note(self, role: str, key: str) -> None:
        """Add the sentence ``key`` under ``help`` for senders with ``role``:
        what they can do without a command."""
        self.help_notes.append((role, key))

    def sender_resolver(
        self, resolver: Callable[[Session, Update, Config], Sender]
    ) -> None:
        """Who sent an update: ``resolver(session, update, config)``."""
        self.resolver = resolver

    def opt_out(self, listener: Callable[[Session, str], None]) -> None:
        """Called when Twilio says an address opted out (error 21610)."""
        self.opt_out_listeners.append(listener)

    def job(
        self,
        job_id: str,
        seconds: float | Callable[[Any], float],
        func: Callable[..., None],
    ) -> None:
        """A periodic job; ``func(bot_app)`` runs every ``seconds`` in a worker.

        ``seconds`` may be a function of the config, read when the worker
        starts (plugins register before the config is loaded).
        """
        self.jobs.append(PeriodicJob(job_id, seconds, func))

    def cli(self, command: click.Command) -> None:
        self.cli_commands.append(command)

    def blueprint(self, blueprint: Blueprint) -> None:
        self.blueprints.append(blueprint)

    def config_section(
        self, name: str, cls: type[Any], env: dict[str, str] | None = None
    ) -> None:
        register_section(name, cls, env)
