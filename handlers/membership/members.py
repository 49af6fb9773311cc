"""Admins manage members: ``leden``, ``toevoegen`` and ``verwijder``.

An admin sees and changes only their own neighbourhood; a coordinator names
the neighbourhood (``leden hoornes 2``, ``toevoegen hoornes 06... Naam``).
"""

from __future__ import annotations

import logging
import math

from bot import contacts
from bot.context import Context
from bot.update import fold
from handlers.membership.common import (
    actor,
    mark_left,
    may_manage,
    police_phones,
    recipient,
)
from models import membership
from models.audit import record
from models.errors import InvalidPhone
from models.membership import Applicant
from models.network import (
    Neighbourhood,
    Person,
    admins_of,
    find_neighbourhood,
    members_of,
)
from models.phones import normalize_phone, whatsapp_address

log = logging.getLogger(__name__)
PAGE_SIZE = 20
EXAMPLE = "hoornes"


def list_members(ctx: Context) -> None:
    words = (ctx.args.get("rest") or "").split()
    page = int(words.pop()) if words and words[-1].isdigit() else 1
    hood = _neighbourhood(ctx, " ".join(words))
    if hood is None:
        return

    people = admins_of(hood) + members_of(hood)
    if not people:
        ctx.reply("members.empty", neighbourhood=hood.name)
        return
    pages = math.ceil(len(people) / PAGE_SIZE)
    page = min(max(page, 1), pages)
    shown = people[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    lines = [
        ctx.text(
            "members.header",
            neighbourhood=hood.name,
            count=len(people),
            page=page,
            pages=pages,
        ),
        *(_entry(ctx, p) for p in shown),
    ]
    if page < pages:
        command = f"leden {hood.slug} {page + 1}"
        lines.append(ctx.text("members.next", command=command))
    ctx.reply_text("\n".join(lines))
    record(ctx.session, actor(ctx), "members.list", neighbourhood=hood.slug)


def _entry(ctx: Context, person: Person) -> str:
    mark = ctx.text("members.admin_mark") if person.is_admin else ""
    phone = person.phone or ctx.text("members.no_phone")

    return ctx.text("members.entry", name=person.name, phone=phone, mark=mark)


def _neighbourhood(ctx: Context, named: str) -> Neighbourhood | None:
    """The neighbourhood the sender asks about and may manage, or None after
    a reply."""
    admin = actor(ctx)
    if not named:
        if admin.neighbourhood is None:
            ctx.reply("members.which", example=f"{ctx.update.words[0]} {EXAMPLE}")
        return admin.neighbourhood

    hood = find_neighbourhood(ctx.session, named)
    if hood is None:
        ctx.reply("members.unknown_neighbourhood", name=named)
    elif not may_manage(admin, hood):
        ctx.reply("membership.not_yours", neighbourhood=hood.name)
    else:
        return hood

    return None


def add_member(ctx: Context) -> None:
    words = (ctx.args.get("rest") or "").split()
    named = ""
    if words and not _looks_like_phone(words[0]):
        named = words.pop(0)
    if len(words) < 2:
        ctx.reply("command.usage", usage=ctx.text("command.toevoegen.usage"))
        return
    hood = _neighbourhood(ctx, named)
    if hood is None:
        return

    try:
        phone = normalize_phone(words[0])
    except InvalidPhone:
        ctx.reply("members.bad_phone", phone=words[0])
        return
    _invite(ctx, hood, phone, " ".join(words[1:]))


def _looks_like_phone(word: str) -> bool:
    return sum(c.isdigit() for c in word) >= 6


def _invite(ctx: Context, hood: Neighbourhood, phone: str, name: str) -> None:
    admin = actor(ctx)
    address = whatsapp_address(phone)
    opted_out = bool(contacts.opted_out(ctx.session, [address]))
    clean = membership.clean_name(name)
    if clean is None:
        ctx.reply("signup.error.name_characters")
        return
    applicant = Applicant(name=clean, phone=phone, address="", neighbourhood=hood)
    outcome, person, request = membership.invite(
        ctx.session,
        applicant,
        "admin",
        ctx.now,
        invited_by=admin,
        opted_out=opted_out,
        police=police_phones(ctx.config),
    )
    if outcome != "invited":
        ctx.reply(f"members.invite_{outcome.replace('police', 'staff')}")
        return

    assert person is not None and request is not None
    ctx.send(
        [recipient(person)],
        "membership.confirm_invite",
        kind="notice",
        first_name=person.first_name,
        neighbourhood=hood.name,
    )
    record(ctx.session, admin, "member.invite", subject=person, code=request.code)
    ctx.reply("members.invited", name=person.name, neighbourhood=hood.name)


def remove_member(ctx: Context) -> None:
    admin = actor(ctx)
    who = ctx.args["who"].strip()
    found = _find_member(ctx, admin, who)
    if found is None:
        return

    hood = found.neighbourhood
    assert hood is not None
    mark_left(ctx.session, found, ctx.now, "removed")
    record(ctx.session, admin, "member.remove", subject=found)
    ctx.send(
        [recipient(found)], "members.removed", kind="notice", neighbourhood=hood.name
    )
    ctx.reply("members.removed_ack", name=found.name, neighbourhood=hood.name)


def _find_member(ctx: Context, admin: Person, who: str) -> Person | None:
    """The active person ``who`` names, within what ``admin`` may manage."""
    scope_name = admin.neighbourhood.name if admin.neighbourhood else "BuurtAlert"
    matches = [p for p in _candidates(ctx, admin) if _matches(p, who)]
    if not matches:
        ctx.reply("members.not_found", who=who, neighbourhood=scope_name)
    elif len(matches) > 1:
        names = ", ".join(p.name for p in matches[:5])
        ctx.reply("members.ambiguous", who=who, names=names)
    elif matches[0].is_admin and admin.role != "coordinator":
        ctx.reply("members.is_admin", name=matches[0].name)
    elif matches[0].role not in ("member", "primary", "backup"):
        ctx.reply("members.not_found", who=who, neighbourhood=scope_name)
    else:
        return matches[0]

    return None


def _candidates(ctx: Context, admin: Person) -> list[Person]:
    if admin.role == "coordinator":
        hoods = list(ctx.session.query(Neighbourhood))
    else:
        hoods = [admin.neighbourhood] if admin.neighbourhood else []

    return [p for hood in hoods for p in admins_of(hood) + members_of(hood)]


def _matches(person: Person, who: str) -> bool:
    try:
        return person.phone == normalize_phone(who)
    except InvalidPhone:
        wanted = fold(" ".join(who.split()))
        return bool(wanted) and wanted in fold(person.name)
