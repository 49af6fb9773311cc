"""Admins' alert commands: meld, door, opschalen (and ok, sluit, status).

Other modules use :func:`alert_assigned` whenever an alert is given to a
neighbourhood, and :func:`acknowledge` when an admin takes one on.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.context import Context
from bot.registry import Arg, Command, Registry
from handlers import alert_actions
from handlers.alert_actions import acknowledge
from handlers.alert_rules import (
    actor_of,
    alert_in_hand,
    may_forward,
    open_alert,
    parse_number,
    parse_scope,
    read_places,
)
from handlers.alert_texts import TEXTS
from handlers.escalation import start_chain
from handlers.fanout import Desk, deliver, phrase, send_up
from models import audit
from models.alerts import Alert
from models.escalation import is_running
from models.network import Neighbourhood, Person, town_neighbourhoods

__all__ = ["acknowledge", "alert_assigned", "setup"]

log = logging.getLogger(__name__)
ADMINS = frozenset({"admin", "coordinator"})


def alert_assigned(
    desk: Desk,
    alert: Alert,
    neighbourhood: Neighbourhood,
    *,
    reason: str = "forwarded",
    actor: Person | None = None,
) -> None:
    """An alert was given to ``neighbourhood``: record it, start its nudges.

    ``reason`` is ``suggested`` (a police alert's guess), ``forwarded`` (an
    admin sent it there) or ``reported`` (a resident's report). Escalations
    and an admin's own alerts do not come here.
    """
    alert.record(reason, actor, at=desk.now, neighbourhood=neighbourhood.slug)
    if alert.state != "open" or is_running(desk.session, alert.id):
        # Already taken on, or its own neighbourhood is being nudged: a
        # forward elsewhere must not silence that chain.
        return
    start_chain(desk.session, alert, neighbourhood, desk.now, desk.bot.config)


def create_alert(ctx: Context) -> None:
    """``meld <text>``: a new alert in the admin's own neighbourhood."""
    person = actor_of(ctx)
    if person is None:
        return
    home = person.neighbourhood
    if home is None:
        ctx.reply("alerts.refuse.no_home")
        return

    alert = Alert(source="admin", text=ctx.args["text"], created_at=ctx.now)
    alert.neighbourhood, alert.created_by = home, person
    ctx.session.add(alert)
    ctx.session.flush()
    alert.record("created", person, at=ctx.now, neighbourhood=home.slug)
    # Whoever raises an alert is taking care of it: nobody needs a nudge.
    alert.acknowledge(person, ctx.now)
    count = deliver(Desk.of(ctx), alert, [home], "home", person, exclude=[person])

    audit.record(ctx.session, person, "alert.create", alert_id=alert.id, sent=count)
    log.info("alert %s raised by an admin, %s messages", alert.number, count)
    ctx.reply("alerts.created", number=alert.number, count=count, place=home.name)


def forward(ctx: Context) -> None:
    """``door <nr> <neighbourhood ...>`` or ``door <nr> beheerders``."""
    person = actor_of(ctx)
    alert = open_alert(ctx, ctx.args["number"]) if person else None
    if person is None or alert is None:
        return
    if not may_forward(ctx.session, alert, person):
        ctx.reply("alerts.refuse.not_received", number=alert.number)
        return
    places, admins, unknown = read_places(ctx.session, ctx.args["targets"])
    if unknown is not None:
        ctx.reply("alerts.refuse.unknown_place", name=unknown)
        return

    count = _forward(Desk.of(ctx), alert, places, admins, person)
    audit.record(
        ctx.session,
        person,
        "alert.forward",
        alert_id=alert.id,
        neighbourhoods=[n.slug for n in places],
        admin_group=admins,
        sent=count,
    )
    names = [n.name for n in places] + ([ctx.text("alerts.admin_group")] * admins)
    ctx.reply("alerts.forwarded", number=alert.number, to=", ".join(names), count=count)


def _forward(
    desk: Desk,
    alert: Alert,
    places: Sequence[Neighbourhood],
    admins: bool,
    person: Person,
) -> int:
    if alert.neighbourhood is None and places:
        alert.neighbourhood = places[0]
    count = deliver(desk, alert, places, "forwarded", person)
    for place in places:
        alert_assigned(desk, alert, place, actor=person)

    if admins:
        note = phrase("alerts.sent_up", name=person.first_name)
        count += send_up(desk, alert, person, [note])
        alert.record("sent_up", person, at=desk.now)

    return count


def escalate(ctx: Context) -> None:
    """``opschalen <nr> [buren|kern|gemeente]``: widen the alert."""
    in_hand = alert_in_hand(ctx)
    if in_hand is None:
        return
    person, alert = in_hand
    scope = ctx.args["scope"] or "neighbours"
    home = alert.neighbourhood
    if home is None and scope != "all":
        ctx.reply("alerts.refuse.no_neighbourhood", number=alert.number, id=alert.id)
        return

    areas = _areas(ctx.session, home, scope)
    wide = phrase(f"alerts.scope.{scope}", **_scope_values(home))
    up = phrase("alerts.escalated_note", scope=wide) if scope != "neighbours" else None
    count = deliver(Desk.of(ctx), alert, areas, "escalated", person, up=up)
    alert.record("escalated", person, at=ctx.now, scope=scope, areas=len(areas))
    audit.record(
        ctx.session,
        person,
        "alert.escalate",
        alert_id=alert.id,
        scope=scope,
        sent=count,
    )
    scope_text = Desk.of(ctx).render([wide], ctx.language)
    ctx.reply(
        "alerts.escalated",
        number=alert.number,
        scope=scope_text,
        areas=len(areas),
        count=count,
    )


def _areas(
    session: Session, home: Neighbourhood | None, scope: str
) -> list[Neighbourhood]:
    if scope == "all" or home is None:
        return list(session.scalars(select(Neighbourhood).order_by(Neighbourhood.name)))
    if scope == "town":
        return town_neighbourhoods(home.town)

    return [home, *home.neighbours]


def _scope_values(home: Neighbourhood | None) -> dict[str, str]:
    if home is None:
        return {}

    return {"neighbourhood": home.name, "town": home.town.name}


COMMANDS = (
    Command(
        "meld",
        create_alert,
        aliases=("alert",),
        roles=frozenset({"admin"}),
        args=(Arg("text", greedy=True),),
    ),
    Command(
        "door",
        forward,
        aliases=("forward",),
        roles=ADMINS,
        args=(Arg("number", parse_number), Arg("targets", greedy=True)),
    ),
    Command(
        "opschalen",
        escalate,
        aliases=("escalate",),
        roles=ADMINS,
        args=(Arg("number", parse_number), Arg("scope", parse_scope, optional=True)),
    ),
)


def setup(registry: Registry) -> None:
    registry.texts.add(TEXTS)
    for command in COMMANDS:
        registry.command(command)
    alert_actions.setup(registry)
