"""What a handler gets: the update, its sender, a session and ways to answer.

Everything a handler sends is queued in the outbox within the handler's own
transaction; nothing leaves before the transaction commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple, Protocol

from sqlalchemy.orm import Session

from bot import conversations, outbox
from bot.config import Config
from bot.conversations import ConversationState
from bot.outbox import Outgoing
from bot.sender import Sender
from bot.texts import Texts
from bot.update import Update


class Bot(Protocol):
    """What a context needs of the application (a :class:`bot.app.BotApp`)."""

    config: Config
    texts: Texts
    registry: Any
    db: Any


class Recipient(NamedTuple):
    address: str
    language: str | None = None


class Context:
    """One update being handled."""

    def __init__(
        self,
        bot: Bot,
        session: Session,
        update: Update,
        sender: Sender,
        now: dt.datetime,
    ) -> None:
        self.bot = bot
        self.session = session
        self.update = update
        self.sender = sender
        self.now = now
        self.args: dict[str, Any] = {}
        self.conversation: ConversationState | None = None
        self.queued = 0

    @property
    def config(self) -> Any:
        return self.bot.config

    @property
    def language(self) -> str:
        return self.sender.language or self.bot.config.bot.language

    def text(self, key: str, **values: Any) -> str:
        """The sentence ``key`` in the sender's language."""
        return self.bot.texts.get(key, self.language, **values)

    def reply(
        self,
        key: str,
        *,
        kind: str = "reply",
        buttons: Sequence[tuple[str, str]] = (),
        **values: Any,
    ) -> None:
        """Answer the sender with the sentence ``key``."""
        self.reply_text(self.text(key, **values), kind=kind, buttons=buttons)

    def reply_text(
        self, body: str, *, kind: str = "reply", buttons: Sequence[tuple[str, str]] = ()
    ) -> None:
        message = Outgoing(self.update.sender, body, kind=kind, buttons=buttons)
        self.queued += outbox.enqueue(self.session, [message], self.now)

    def send(
        self,
        recipients: Iterable[Recipient],
        key: str,
        *,
        kind: str,
        topic: str | None = None,
        template_vars: dict[str, str] | None = None,
        buttons: Sequence[tuple[str, str]] = (),
        **values: Any,
    ) -> int:
        """Send the sentence ``key`` to each recipient, in their language.

        With a ``topic`` nobody gets the same topic twice. Returns how many
        messages were queued.
        """
        texts = self.bot.texts
        default = self.bot.config.bot.language
        rendered: dict[str, str] = {}
        messages = []
        for recipient in recipients:
            language = recipient.language or default
            if language not in rendered:
                rendered[language] = texts.get(key, language, **values)
            messages.append(
                Outgoing(
                    recipient.address,
                    rendered[language],
                    kind=kind,
                    topic=topic,
                    template_vars=template_vars,
                    buttons=buttons,
                )
            )
        count = outbox.enqueue(self.session, messages, self.now)
        self.queued += count

        return count

    def start(self, name: str, state: str, data: dict[str, Any] | None = None) -> None:
        """Begin the conversation ``name`` in ``state`` for the sender."""
        conversations.end(self.session, self.update.sender)
        timeout = self.bot.registry.conversations[name].timeout
        self.conversation = ConversationState(
            address=self.update.sender,
            name=name,
            state=state,
            data=data or {},
            language=self.sender.language,
            expires_at=self.now + timeout,
        )
        self.session.add(self.conversation)

    def goto(self, state: str, **data: Any) -> None:
        """Move the running conversation to ``state``, keeping ``data``."""
        assert self.conversation is not None
        timeout = self.bot.registry.conversations[self.conversation.name].timeout
        self.conversation.state = state
        self.conversation.data = {**self.conversation.data, **data}
        self.conversation.expires_at = self.now + timeout

    def end(self) -> None:
        """End the running conversation."""
        conversations.end(self.session, self.update.sender)
        self.conversation = None
