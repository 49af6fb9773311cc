"""Taking an alert on, closing it, and its status: ok, sluit, status.

:func:`acknowledge` is what ``ok 17`` and the quick-reply button ``ack:17``
do; the nudges call it too.
"""

from __future__ import annotations

import logging

from sqlalchemy import case, select
from sqlalchemy.orm import object_session

from bot import outbox
from bot.context import Context
from bot.registry import Arg, Command, Registry
from handlers.alert_rules import (
    actor_of,
    alert_in_hand,
    concerns,
    parse_number,
)
from handlers.escalation import stop_chain
from handlers.fanout import Desk, phrase, received, recipients_of
from models import audit
from models.alerts import Alert, AlertEvent, alerts_concerning, get_alert
from models.network import ADMIN_ROLES, Person, find_neighbourhood

log = logging.getLogger(__name__)
ADMINS = frozenset({"admin", "coordinator"})


def acknowledge(where: Context | Desk, alert: Alert, person: Person) -> str:
    """``person`` takes ``alert`` on; they are told the outcome, which is returned.

    Outcomes: ``acknowledged``; ``closed``, ``refused`` (not their
    neighbourhood's), ``already`` (by this person) and ``taken`` (by someone
    else) change nothing. On success the other admins concerned get one line.
    """
    desk = Desk.of(where)
    # Lock the alert, so that of admins answering at the same moment exactly
    # one takes it (PostgreSQL; SQLite lets one writer in at a time anyway).
    desk.session.refresh(alert, with_for_update=True)
    outcome = _refusal(alert, person)
    if outcome is not None:
        _tell(desk, person, f"alerts.ack.{outcome}", alert)
        return outcome

    alert.acknowledge(person, desk.now)
    stop_chain(desk.session, alert, person, desk.now)
    alert.record("acknowledged", person, at=desk.now)
    audit.record(desk.session, person, "alert.acknowledge", alert_id=alert.id)
    _tell(desk, person, "alerts.ack.acknowledged", alert)
    others = [p for p in concerned_admins(alert) if p.id != person.id]
    line = phrase("alerts.taken_by", name=person.first_name, number=alert.number)
    desk.send(others, [line], kind="notice", topic=f"{alert.topic}:ack")
    log.info("alert %s acknowledged", alert.number)

    return "acknowledged"


def _refusal(alert: Alert, person: Person) -> str | None:
    if alert.is_closed:
        return "closed"
    if not concerns(alert, person):
        return "refused"
    if alert.acknowledged_by_id == person.id:
        return "already"
    if alert.acknowledged_by_id is not None:
        return "taken"

    return None


def _tell(desk: Desk, person: Person, key: str, alert: Alert) -> None:
    taker = alert.acknowledged_by.first_name if alert.acknowledged_by else ""
    line = phrase(key, number=alert.number, name=taker)
    desk.send([person], [line], kind="reply")


def concerned_admins(alert: Alert) -> list[Person]:
    """The active admins of every neighbourhood the alert concerns."""
    session = object_session(alert)
    if session is None or not alert.neighbourhood_ids:
        return []
    query = (
        select(Person)
        .where(
            Person.status == "active",
            Person.role.in_(ADMIN_ROLES),
            Person.neighbourhood_id.in_(alert.neighbourhood_ids),
        )
        .order_by(case((Person.role == "primary", 0), else_=1), Person.id)
    )

    return list(session.scalars(query))


def take(ctx: Context) -> None:
    """``ok [nr]``: take an alert on; without a number, the latest open one."""
    person = actor_of(ctx)
    if person is None:
        return
    number = ctx.args.get("number")
    if number is None:
        latest = alerts_concerning(ctx.session, person, ("open",))
        if not latest:
            ctx.reply("alerts.none_open")
            return
        alert: Alert | None = latest[0]
    else:
        alert = get_alert(ctx.session, number)
    if alert is None:
        ctx.reply("alerts.refuse.unknown", number=f"#{number}")
        return

    acknowledge(ctx, alert, person)


def take_button(ctx: Context) -> None:
    """The quick-reply button ``ack:<nr>``: exactly what ``ok <nr>`` does."""
    value = ctx.update.button_payload.partition(":")[2]
    try:
        ctx.args = {"number": parse_number(value)}
    except ValueError:
        ctx.reply("alerts.refuse.unknown", number=value[:10])
        return

    take(ctx)


def close(ctx: Context) -> None:
    """``sluit <nr> [text]``: close; a text goes to everyone who received it."""
    in_hand = alert_in_hand(ctx)
    if in_hand is None:
        return
    person, alert = in_hand
    home = alert.neighbourhood_id
    if person.role != "coordinator" and home not in (None, person.neighbourhood_id):
        # Forwarded to another neighbourhood, it stays the alert of its own.
        ctx.reply("alerts.refuse.not_yours", number=alert.number)
        return

    text = ctx.args.get("text")
    alert.close(ctx.now)
    alert.record("closed", person, at=ctx.now, message=bool(text))
    count = 0
    if text:
        people = [p for p in recipients_of(ctx.session, alert.topic) if p != person]
        line = phrase("alerts.closing", number=alert.number, text=text)
        count = Desk.of(ctx).send(people, [line], kind="notice", topic=_close(alert))

    audit.record(ctx.session, person, "alert.close", alert_id=alert.id, sent=count)
    key = "alerts.closed_told" if text else "alerts.closed"
    ctx.reply(key, number=alert.number, count=count)


def _close(alert: Alert) -> str:
    return f"{alert.topic}:close"


def status(ctx: Context) -> None:
    """``status [nr]``: open alerts that concern me, or one alert's timeline."""
    person = actor_of(ctx)
    if person is None:
        return
    if ctx.args.get("number") is None:
        _overview(ctx, person)
        return

    alert = get_alert(ctx.session, ctx.args["number"])
    if alert is None:
        ctx.reply("alerts.refuse.unknown", number=f"#{ctx.args['number']}")
    elif not (concerns(alert, person) or received(ctx.session, alert, person)):
        ctx.reply("alerts.refuse.not_yours", number=alert.number)
    else:
        ctx.reply_text("\n".join(_timeline(ctx, alert)))


def _overview(ctx: Context, person: Person) -> None:
    alerts = alerts_concerning(ctx.session, person, ("open", "acknowledged"))
    if not alerts:
        ctx.reply("alerts.status.none")
        return

    lines = [ctx.text("alerts.status.header")]
    lines += [_summary(ctx, alert) for alert in alerts[:10]]
    ctx.reply_text("\n".join(lines))


def _summary(ctx: Context, alert: Alert) -> str:
    snippet = alert.text if len(alert.text) <= 60 else alert.text[:57] + "..."
    place = alert.neighbourhood.name if alert.neighbourhood else "?"

    return ctx.text(
        "alerts.status.line",
        number=alert.number,
        state=_state(ctx, alert),
        place=place,
        text=snippet,
    )


def _state(ctx: Context, alert: Alert) -> str:
    taker = alert.acknowledged_by.first_name if alert.acknowledged_by else ""

    return ctx.text(f"alerts.state.{alert.state}", name=taker)


def _timeline(ctx: Context, alert: Alert) -> list[str]:
    lines = [ctx.text("alerts.status.title", number=alert.number)]
    lines.append(_state(ctx, alert))
    lines += [_event(ctx, event) for event in alert.events]
    counts = outbox.counts_by_state(ctx.session, alert.topic)
    parts = [
        ctx.text(f"alerts.delivery.{state}", count=counts[state])
        for state in sorted(counts, key=lambda s: outbox.RANK.get(s, 99))
    ]
    lines.append(ctx.text("alerts.status.delivery", counts=", ".join(parts) or "0"))

    return lines


def _event(ctx: Context, event: AlertEvent) -> str:
    zone = ctx.config.bot.zone
    at = event.at.astimezone(zone).strftime("%d-%m %H:%M")
    key = f"alerts.event.{event.kind}"
    if key not in ctx.bot.texts:
        return f"{at} {event.kind}"
    who = event.actor.first_name if event.actor else ""
    slug = str(event.detail.get("neighbourhood", ""))
    place = find_neighbourhood(ctx.session, slug) if slug else None
    where = place.name if place else slug
    scope = str(event.detail.get("scope", ""))
    if f"alerts.scope_word.{scope}" in ctx.bot.texts:
        scope = ctx.text(f"alerts.scope_word.{scope}")
    people = event.detail.get("people", "")

    return f"{at} " + ctx.text(key, who=who, where=where, scope=scope, people=people)


COMMANDS = (
    Command(
        "ok",
        take,
        aliases=("bevestig", "ack"),
        roles=ADMINS,
        args=(Arg("number", parse_number, optional=True),),
    ),
    Command(
        "sluit",
        close,
        aliases=("close",),
        roles=ADMINS,
        args=(Arg("number", parse_number), Arg("text", optional=True, greedy=True)),
    ),
    Command(
        "status",
        status,
        roles=ADMINS,
        args=(Arg("number", parse_number, optional=True),),
    ),
)


def setup(registry: Registry) -> None:
    for command in COMMANDS:
        registry.command(command)
    registry.button("ack", take_button)
