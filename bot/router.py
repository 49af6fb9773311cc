"""Routing: an update and its sender in, a decision out. No IO here.

Order: a quick-reply button, a conversation in progress, a command the
sender may use, the default for the sender's role, else a hint.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from bot.registry import Command, Registry, Sender
from bot.update import Update, fold

RouteKind = Literal[
    "button",
    "conversation",
    "cancel",
    "command",
    "refused",
    "usage",
    "default",
    "unknown",
    "empty",
]
_PREFIXES = ("/", "!")


@dataclass(frozen=True)
class Route:
    kind: RouteKind
    command: Command | None = None
    args: dict[str, Any] = field(default_factory=dict)
    target: str = ""
    suggestion: str = ""


class Router:
    """Decides what handles an update, from the registry alone."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._by_name = {fold(n): c for c in registry.commands for n in c.names}

    def route(
        self, update: Update, sender: Sender, conversation: str | None = None
    ) -> Route:
        prefix, _, _ = update.button_payload.partition(":")
        if update.button_payload and prefix in self.registry.buttons:
            return Route("button", target=prefix)
        if conversation and conversation in self.registry.conversations:
            return self._in_conversation(update, sender, conversation)
        if update.is_empty:
            return Route("empty")

        return self._command_or_default(update, sender)

    def _in_conversation(self, update: Update, sender: Sender, name: str) -> Route:
        words = {fold(w) for w in self.registry.conversations[name].cancel_words}
        if _bare(update.text) in words:
            return Route("cancel", target=name)
        found = self.find_command(update.text)
        if found is not None and found[0].interrupts and not found[1]:
            # help, "mijn gegevens", "vergeet mij": never taken as an answer
            return self._command(found[0], [], sender)

        return Route("conversation", target=name)

    def _command_or_default(self, update: Update, sender: Sender) -> Route:
        role = self.default_role(sender)
        found = self.find_command(update.text)
        if found is not None:
            route = self._command(*found, sender)
            if route.kind == "command" or role is None:
                return route
            if role in self.registry.exclusive_roles or self._is_prose(found, route):
                return Route("default", target=role)
            return route

        explicit = update.text.lstrip().startswith(_PREFIXES)
        if role is not None and not explicit and not self._looks_mistyped(update):
            return Route("default", target=role)

        return Route("unknown", suggestion=self.suggest(update.text, sender))

    def _command(self, command: Command, rest: list[str], sender: Sender) -> Route:
        if not command.allows(sender):
            return Route("refused", command=command)
        args = parse_args(command, rest)
        if args is None:
            return Route("usage", command=command)

        return Route("command", command=command, args=args)

    @staticmethod
    def _is_prose(found: tuple[Command, list[str]], route: Route) -> bool:
        """A sentence that merely starts with a command's word.

        "Door het raam zag ik iemand" from a member, or "Stop die man" (stop
        takes no words after it): a report, not a command gone wrong.
        """
        command, rest = found
        if len(rest) < 2 or rest[0].lstrip("#").isdigit():
            return False  # "door 17 hoornes" is a command, whoever sends it

        return route.kind == "refused" or not command.args

    def find_command(self, text: str) -> tuple[Command, list[str]] | None:
        """The command that ``text`` starts with, and the words after it.

        Commands may have two words (``mijn gegevens``); the longest wins.
        Punctuation after a word is ignored ("Ok." "vergeet mij!"), and a
        number stuck to a command word counts apart ("ok5").
        """
        words = _words(text)
        for length in (2, 1):
            if len(words) >= length:
                key = _bare(" ".join(words[:length]))
                if key in self._by_name:
                    return self._by_name[key], words[length:]

        return None

    def default_role(self, sender: Sender) -> str | None:
        for role, _handler in self.registry.defaults:
            if role in sender.roles:
                return role

        return None

    def suggest(self, text: str, sender: Sender) -> str:
        words = text.strip().lstrip("/!").split()
        usable = [
            fold(n)
            for c in self.registry.commands
            if c.allows(sender)
            for n in c.names
            if not c.hidden
        ]
        if not words:
            return ""
        close = difflib.get_close_matches(fold(words[0]), usable, n=1, cutoff=0.6)

        return close[0] if close else ""

    def _looks_mistyped(self, update: Update) -> bool:
        """A short message whose first word is nearly a command name.

        Such a message is more likely a typo than a report to a whole
        neighbourhood, so it gets a hint instead.
        """
        words = update.text.split()
        if not words or len(words) > 3 or len(words[0]) < 4:
            return False
        names = list(self._by_name)

        return bool(difflib.get_close_matches(fold(words[0]), names, n=1, cutoff=0.8))


_TRAILING = re.compile(r"[.,!?:;]+$")
_STUCK_NUMBER = re.compile(r"^([^\W\d_]+)[.#]?(\d+)$")


def _bare(text: str) -> str:
    """Folded, without the punctuation people put after a word."""
    return " ".join(_TRAILING.sub("", word) for word in fold(text).split())


def _words(text: str) -> list[str]:
    words = text.strip().lstrip("/!").split()
    stuck = _STUCK_NUMBER.match(words[0]) if words else None
    if stuck:
        words[:1] = [stuck.group(1), stuck.group(2)]

    return words


def parse_args(command: Command, words: list[str]) -> dict[str, Any] | None:
    """Match ``words`` to the command's arguments; None when they don't fit."""
    values: dict[str, Any] = {}
    remaining = list(words)
    for arg in command.args:
        if not remaining:
            if not arg.optional:
                return None
            values[arg.name] = None
            continue
        raw = " ".join(remaining) if arg.greedy else remaining[0]
        remaining = [] if arg.greedy else remaining[1:]
        try:
            values[arg.name] = arg.parse(raw)
        except ValueError:
            return None
    if remaining:
        return None

    return values
