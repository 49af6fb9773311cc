"""One person's WhatsApp conversation with the bot, as the simulator shows it.

Their inbound messages and the bot's outbox rows, merged by time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.inbound import InboundMessage
from bot.outbox import OutboxMessage

# A reply is queued at the time its message was parsed, a moment before the
# message row is stored; this keeps a message above its own reply.
_STORE_LAG = dt.timedelta(milliseconds=100)
LIMIT = 200


@dataclass
class ChatMessage:
    direction: str  # "in": the person wrote it; "out": the bot sent it
    at: dt.datetime
    body: str
    id: str
    status: str = ""
    buttons: list[dict[str, str]] = field(default_factory=list)
    media: list[str] = field(default_factory=list)
    kind: str = ""

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["at"] = self.at.isoformat()
        return data


def conversation(session: Session, address: str) -> list[ChatMessage]:
    """What ``address`` wrote and received, oldest first (the last 200)."""
    inbound = session.scalars(
        select(InboundMessage)
        .where(InboundMessage.sender == address)
        .order_by(InboundMessage.id.desc())
        .limit(LIMIT)
    )
    outbound = session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.recipient == address)
        .order_by(OutboxMessage.id.desc())
        .limit(LIMIT)
    )
    messages = [_from_inbound(row) for row in inbound]
    messages += [_from_outbox(row) for row in outbound]
    messages.sort(key=lambda m: m.at)

    return messages[-LIMIT:]


def _from_inbound(row: InboundMessage) -> ChatMessage:
    form = row.form or {}
    media = [
        str(form.get(f"MediaUrl{index}", ""))
        for index in range(_count(form.get("NumMedia")))
    ]
    return ChatMessage(
        direction="in",
        at=row.received_at - _STORE_LAG,
        body=str(form.get("ButtonText") or form.get("Body", "")),
        id=f"in-{row.id}",
        status=row.state,
        media=[url for url in media if url],
    )


def _count(value: Any) -> int:
    return int(value) if str(value).isdigit() else 0


def _from_outbox(row: OutboxMessage) -> ChatMessage:
    return ChatMessage(
        direction="out",
        at=row.created_at,
        body=row.body,
        id=f"out-{row.id}",
        status=row.state,
        buttons=[button_of(pair) for pair in row.buttons or []],
        kind=row.kind,
    )


def button_of(pair: list[str]) -> dict[str, str]:
    """A quick-reply button as (payload, title); the payload is ``prefix:value``.

    Handlers pass (payload, title); should a pair come the other way round,
    the one with the colon is taken as the payload.
    """
    first, second = [*pair, "", ""][:2]
    if ":" in second and ":" not in first:
        first, second = second, first

    return {"payload": first, "title": second or first}
