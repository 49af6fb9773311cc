"""Joining by WhatsApp: ``aanmelden``, the conversation, and ``ja`` to an
invitation.

The conversation asks name, address, neighbourhood and consent to the house
rules; its state lives in the database. A stranger who writes anything else
is told how to join.
"""

from __future__ import annotations

import logging

from bot import contacts
from bot.context import Context
from bot.privacy import mask_phone
from handlers.membership.common import (
    format_address,
    is_consent,
    is_yes,
    notify_deciders,
    parse_address,
    record_consent,
)
from handlers.people import person_of
from models import membership
from models.audit import record
from models.network import (
    Neighbourhood,
    Person,
    find_neighbourhood,
    neighbourhoods_for_postcode,
    person_by_address,
)

log = logging.getLogger(__name__)
CONVERSATION = "join"


def welcome_stranger(ctx: Context) -> None:
    ctx.reply("membership.stranger")


def join(ctx: Context) -> None:
    """``aanmelden``: start the conversation, unless there is no need."""
    person = person_of(ctx.session, ctx.sender)
    if person is not None and _already_in(ctx, person):
        return

    contacts.set_opted_out(ctx.session, ctx.update.sender, False)
    ctx.start(CONVERSATION, "name")
    ctx.reply("membership.ask_name")


def _already_in(ctx: Context, person: Person) -> bool:
    name = person.neighbourhood.name if person.neighbourhood else ""
    if person.status == "active":
        ctx.reply("membership.already_member", neighbourhood=name)
    elif person.status == "pending":
        ctx.reply("membership.already_pending", neighbourhood=name)
    elif person.status == "invited":
        ctx.reply("membership.confirm_hint", neighbourhood=name)
    else:
        return False

    return True


def got_name(ctx: Context) -> None:
    name = membership.clean_name(ctx.update.text)
    if name is None:
        ctx.reply("membership.bad_name")
        return

    ctx.goto("address", name=name)
    ctx.reply("membership.ask_address", first_name=name.split()[0])


def got_address(ctx: Context) -> None:
    parsed = parse_address(ctx.update.text)
    if parsed is None:
        ctx.reply("membership.bad_address")
        return

    street, house_number, postcode = parsed
    fits = neighbourhoods_for_postcode(ctx.session, postcode)
    if not fits:
        spaced = f"{postcode[:4]} {postcode[4:]}"
        ctx.reply("membership.no_neighbourhood", postcode=spaced)
        return

    ctx.goto(
        "neighbourhood",
        address=format_address(street, house_number, postcode),
        postcode=postcode,
        house_number=house_number,
        options=[n.id for n in fits],
    )
    _ask_neighbourhood(ctx, fits)


def _ask_neighbourhood(ctx: Context, fits: list[Neighbourhood]) -> None:
    if len(fits) == 1:
        ctx.reply("membership.one_neighbourhood", neighbourhood=fits[0].name)
        return

    choices = "\n".join(f"{n}. {hood.name}" for n, hood in enumerate(fits, 1))
    ctx.reply("membership.choose_neighbourhood", choices=choices)


def got_neighbourhood(ctx: Context) -> None:
    assert ctx.conversation is not None
    options: list[int] = ctx.conversation.data["options"]
    chosen = _chosen(ctx, options)
    if chosen is None:
        fits = [ctx.session.get(Neighbourhood, i) for i in options]
        _ask_neighbourhood(ctx, [n for n in fits if n is not None])
        return

    ctx.goto("consent", neighbourhood_id=chosen.id)
    ctx.reply("membership.rules")


def _chosen(ctx: Context, options: list[int]) -> Neighbourhood | None:
    text = ctx.update.text.strip()
    if is_yes(text) and len(options) == 1:
        return ctx.session.get(Neighbourhood, options[0])
    if text.isdigit() and 1 <= int(text) <= len(options):
        return ctx.session.get(Neighbourhood, options[int(text) - 1])

    return find_neighbourhood(ctx.session, text)


def got_consent(ctx: Context) -> None:
    if not is_consent(ctx.update.text) and not is_yes(ctx.update.text):
        ctx.reply("membership.need_consent")
        return

    assert ctx.conversation is not None
    data = ctx.conversation.data
    person = _applicant(ctx, data)
    record_consent(ctx.session, person, ctx.now, "whatsapp")
    request = membership.new_request(
        ctx.session, person, "whatsapp", ctx.now, state="pending"
    )
    ctx.end()
    notify_deciders(ctx, request)
    ctx.reply(
        "membership.submitted",
        code=request.code,
        neighbourhood=request.neighbourhood.name,
    )
    log.info(
        "join request %s from %s for %s",
        request.code,
        mask_phone(person.whatsapp_address),
        request.neighbourhood.slug,
    )


def _applicant(ctx: Context, data: dict) -> Person:
    address = ctx.update.sender
    hood = ctx.session.get(Neighbourhood, data["neighbourhood_id"])
    person = person_by_address(ctx.session, address)
    if person is None:
        person = Person(whatsapp_address=address, phone=ctx.update.phone)
    person.name = data["name"]
    person.role = "member"
    person.neighbourhood = hood
    person.street_address = data["address"]
    person.postcode = data["postcode"]
    person.house_number = data["house_number"]
    person.status = "pending"
    ctx.session.add(person)
    ctx.session.flush()

    return person


def answer_applicant(ctx: Context) -> None:
    """What someone invited or waiting for approval says: ``ja``, or else."""
    person = person_of(ctx.session, ctx.sender)
    assert person is not None
    request = membership.open_request(ctx.session, person)
    name = person.neighbourhood.name if person.neighbourhood else ""
    if request is None or request.state == "pending":
        ctx.reply("membership.already_pending", neighbourhood=name)
    elif is_yes(ctx.update.text) or is_consent(ctx.update.text):
        confirm(ctx, person, request)
    else:
        ctx.reply("membership.confirm_hint", neighbourhood=name)


def confirm(ctx: Context, person: Person, request: membership.JoinRequest) -> None:
    """The double opt-in: the person said ``ja`` to an invitation."""
    record_consent(ctx.session, person, ctx.now, request.channel)
    record(ctx.session, person, "member.confirm", subject=person, code=request.code)
    if request.channel == "web":
        request.state = "pending"
        person.status = "pending"
        notify_deciders(ctx, request)
        ctx.reply(
            "membership.submitted",
            code=request.code,
            neighbourhood=request.neighbourhood.name,
        )
        return

    # An admin invited them (by hand or by import): no second approval.
    request.state = "approved"
    request.decided_at = ctx.now
    request.decided_by_id = request.invited_by_id
    person.status = "active"
    ctx.reply(
        "membership.welcome",
        kind="welcome",
        neighbourhood=request.neighbourhood.name,
        first_name=person.first_name,
    )
