"""Leaving and personal data: ``stop``, ``mijn gegevens``, ``vergeet mij``,
Twilio's opt-out, and the periodic purge of people who left.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy.orm import Session

from bot import contacts
from bot.context import Context
from bot.inbound import InboundMessage
from bot.outbox import FAREWELL
from bot.privacy import mask_phone
from handlers.membership.common import mark_left
from handlers.people import person_of
from models import personal_data
from models.audit import record
from models.network import person_by_address
from models.personal_data import PrivacySection

log = logging.getLogger(__name__)

PURGE_EVERY = 3600.0
STILL_IN = ("active", "pending", "invited")


def leave(ctx: Context) -> None:
    """``stop``: opted out at once, one confirmation, then silence."""
    person = person_of(ctx.session, ctx.sender)
    if person is not None and person.status in STILL_IN:
        mark_left(ctx.session, person, ctx.now, "stop")
        record(ctx.session, person, "member.leave", subject=person)
    contacts.set_opted_out(ctx.session, ctx.update.sender, True)
    ctx.reply("privacy.left", kind=FAREWELL)
    log.info("%s opted out", mask_phone(ctx.update.sender))


def opted_out(session: Session, address: str) -> None:
    """Twilio error 21610: the person blocked us; they have left."""
    person = person_by_address(session, address)
    if person is not None and person.status in STILL_IN:
        mark_left(session, person, _now(), "opted_out")
        record(session, None, "member.opted_out", subject=person)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def my_data(ctx: Context) -> None:
    person = person_of(ctx.session, ctx.sender)
    if person is None:
        count = ctx.session.query(InboundMessage).filter_by(sender=ctx.update.sender)
        ctx.reply("privacy.no_data", count=count.count())
        return

    data = personal_data.export(ctx.session, person)
    lines = [
        f"{ctx.text(f'privacy.field.{key}')}: {_show(ctx, value)}"
        for key, value in data.items()
        if value not in (None, "", [])
    ]
    ctx.reply("privacy.data", lines="\n".join(lines))
    record(ctx.session, person, "privacy.export", subject=person)


def _show(ctx: Context, value: Any) -> str:
    """A stored value as a person reads it: local times, words not codes."""
    if isinstance(value, dt.datetime):
        return f"{value.astimezone(ctx.config.bot.zone):%d-%m-%Y %H:%M}"
    if isinstance(value, list):
        return "; ".join(_show(ctx, v) for v in value)
    if isinstance(value, bool):
        return ctx.text("privacy.yes" if value else "privacy.no")
    if isinstance(value, str) and f"privacy.value.{value}" in ctx.bot.texts:
        return ctx.text(f"privacy.value.{value}")

    return str(value)


def forget_me(ctx: Context) -> None:
    """``vergeet mij``: erase the person now, and tell them."""
    person = person_of(ctx.session, ctx.sender)
    if person is not None:
        personal_data.erase(ctx.session, person, "request")
    else:
        personal_data.erase_address(ctx.session, ctx.update.sender)
    ctx.reply("privacy.forgotten", kind=FAREWELL)
    log.info("erased %s on request", mask_phone(ctx.update.sender))


def purge(bot: Any) -> None:
    """The periodic job: erase people who left longer ago than the retention."""
    retention = bot.config.section("privacy", PrivacySection).retention
    with bot.db.transaction() as session:
        erased = personal_data.purge(session, bot.clock(), retention)
    if erased:
        log.info("purged the data of %d people", erased)
