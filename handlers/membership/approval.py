"""Admins decide on requests: ``goedkeuren <code>`` and ``afwijzen <code>``.

The first answer wins: the request row is locked while it is decided, and a
second admin hears who was first. The other admins get one line.
"""

from __future__ import annotations

import logging

from bot.context import Context
from handlers.membership.common import (
    actor,
    deciders,
    mark_left,
    may_manage,
    recipient,
)
from models.audit import record
from models.membership import JoinRequest, request_by_code
from models.network import Person

log = logging.getLogger(__name__)


def approve(ctx: Context) -> None:
    found = _decidable(ctx)
    if found is None:
        return

    request, admin = found
    person = request.person
    _decide(ctx, request, admin, "approved")
    person.status = "active"
    record(ctx.session, admin, "member.approve", subject=person, code=request.code)
    ctx.send(
        [recipient(person)],
        "membership.welcome",
        kind="welcome",
        neighbourhood=request.neighbourhood.name,
        first_name=person.first_name,
    )
    ctx.reply(
        "membership.approved_ack",
        name=person.name,
        neighbourhood=request.neighbourhood.name,
    )
    _tell_others(ctx, request, admin, "membership.approved_by")


def reject(ctx: Context) -> None:
    found = _decidable(ctx)
    if found is None:
        return

    request, admin = found
    person = request.person
    reason = (ctx.args.get("reason") or "").strip()
    _decide(ctx, request, admin, "rejected")
    request.reason = reason or None
    mark_left(ctx.session, person, ctx.now, "rejected")
    record(ctx.session, admin, "member.reject", subject=person, code=request.code)
    ctx.send(
        [recipient(person)],
        "membership.rejected",
        kind="notice",
        neighbourhood=request.neighbourhood.name,
        reason=ctx.text("membership.reason", reason=reason) if reason else "",
    )
    ctx.reply("membership.rejected_ack", name=person.name)
    _tell_others(ctx, request, admin, "membership.rejected_by")


def _decidable(ctx: Context) -> tuple[JoinRequest, Person] | None:
    """The pending request the sender may decide on, or None after a reply.

    A request of another neighbourhood is "unknown", so that its existence
    says nothing to an admin elsewhere.
    """
    code = ctx.args["code"].upper()
    admin = actor(ctx)
    request = request_by_code(ctx.session, code)
    if request is None or not may_manage(admin, request.neighbourhood):
        ctx.reply("membership.unknown_code", code=code)
    elif request.state == "unconfirmed":
        ctx.reply("membership.not_confirmed", code=code)
    elif request.state != "pending":
        first = request.decided_by.first_name if request.decided_by else "?"
        ctx.reply("membership.already_decided", code=code, admin=first)
    else:
        return request, admin

    return None


def _decide(ctx: Context, request: JoinRequest, admin: Person, state: str) -> None:
    request.state = state
    request.decided_by = admin
    request.decided_at = ctx.now
    log.info("request %s %s by person %s", request.code, state, admin.id)


def _tell_others(ctx: Context, request: JoinRequest, admin: Person, key: str) -> None:
    others = [p for p in deciders(request.neighbourhood) if p.id != admin.id]
    ctx.send(
        [recipient(p) for p in others],
        key,
        kind="notice",
        code=request.code,
        name=request.person.first_name,
        admin=admin.first_name,
    )
