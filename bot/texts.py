"""The catalogue of every sentence a person reads, in Dutch and English.

A module adds its sentences with :meth:`Texts.add`; a handler asks for a key
and the sender's language. Placeholders use ``str.format`` names.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

log = logging.getLogger(__name__)

LANGUAGES = ("nl", "en")

FRAMEWORK_TEXTS: dict[str, dict[str, str]] = {
    "error.apology": {
        "nl": "Sorry, er ging iets mis. Probeer het zo nog eens. (ref {ref})",
        "en": "Sorry, something went wrong. Please try again shortly. (ref {ref})",
    },
    "command.refused": {
        "nl": "Dit commando is niet voor jou. Stuur 'hulp' voor wat je kunt doen.",
        "en": "This command is not for you. Send 'help' to see what you can do.",
    },
    "command.usage": {
        "nl": "Zo gebruik je het: {usage}",
        "en": "Use it like this: {usage}",
    },
    "command.unknown": {
        "nl": "Dat commando ken ik niet. Bedoel je '{suggestion}'?",
        "en": "I don't know that command. Did you mean '{suggestion}'?",
    },
    "command.unknown_plain": {
        "nl": "Dat commando ken ik niet. Stuur 'hulp' voor de lijst.",
        "en": "I don't know that command. Send 'help' for the list.",
    },
    "help.header": {
        "nl": "Dit kun je mij sturen:",
        "en": "You can send me:",
    },
    "help.entry": {
        "nl": "• {usage}: {summary}",
        "en": "• {usage}: {summary}",
    },
    "command.hulp.usage": {"nl": "hulp", "en": "help"},
    "command.hulp.summary": {"nl": "deze lijst", "en": "this list"},
    "conversation.timeout": {
        "nl": "We zijn gestopt omdat het stil bleef. Begin gerust opnieuw.",
        "en": "We stopped because it went quiet. Feel free to start again.",
    },
    "conversation.cancelled": {
        "nl": "Gestopt. Er is niets bewaard.",
        "en": "Stopped. Nothing was saved.",
    },
    "message.empty": {
        "nl": "Ik kreeg een leeg bericht. Stuur 'hulp' voor wat je kunt doen.",
        "en": "I received an empty message. Send 'help' to see what you can do.",
    },
}


class Texts:
    """Sentences by key and language, with the default language as fallback."""

    def __init__(self, default_language: str = "nl") -> None:
        self.default_language = default_language
        self._entries: dict[str, dict[str, str]] = {}
        self.add(FRAMEWORK_TEXTS)

    def add(self, entries: Mapping[str, Mapping[str, str]]) -> None:
        """Add sentences; each key must have every language, and be new."""
        for key, versions in entries.items():
            missing = [lang for lang in LANGUAGES if lang not in versions]
            if missing:
                raise ValueError(f"text {key!r} lacks {', '.join(missing)}")
            if key in self._entries and self._entries[key] != dict(versions):
                raise ValueError(f"text {key!r} is defined twice")
            self._entries[key] = dict(versions)

    def __contains__(self, key: str) -> bool:
        return key in self._entries

    def get(self, key: str, language: str | None = None, **values: Any) -> str:
        """The sentence ``key`` in ``language``, with ``values`` filled in."""
        versions = self._entries[key]
        template = versions.get(language or self.default_language)
        if template is None:
            template = versions[self.default_language]

        return template.format(**values)
