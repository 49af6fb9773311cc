"""What a nudge says, and to whom an escalation step goes.

A nudge names the alert, its first words, how long it has waited and how to
take it on (``ok 17``), with a quick-reply button ``ack:17``. Outside the
24-hour window the worker sends the ``nudge`` template instead.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.outbox import Outgoing
from handlers.availability import is_away
from models.alerts import Alert
from models.escalation import EscalationStep
from models.network import Neighbourhood, Person, admins_of, coordinators

# Who is next when nobody of an audience can be nudged (all away, or none).
FALLBACK = {
    "primary": "backups",
    "backups": "coordinators",
    "admins": "coordinators",
    "coordinators": "admin_group",
}
NEIGHBOURHOOD_AUDIENCES = frozenset({"primary", "backups", "admins"})
FIRST_WORDS = 8
FIRST_CHARS = 60
TEMPLATE_VARIABLE_MAX = 1024

TEXTS = {
    "escalation.nudge": {
        "nl": "⏰ Melding {number} wacht al {waited} op een beheerder:\n"
        "“{words}”\nPak jij het op? Stuur 'ok {id}'.",
        "en": "⏰ Alert {number} has been waiting {waited} for an admin:\n"
        "“{words}”\nWill you take it on? Send 'ok {id}'.",
    },
    "escalation.reminder": {
        "nl": "🔁 Herinnering {count} van {total}: niemand heeft melding {number}"
        " opgepakt. Hij wacht al {waited}:\n“{words}”\nStuur 'ok {id}' als jij"
        " het oppakt.",
        "en": "🔁 Reminder {count} of {total}: nobody has taken on alert {number}."
        " It has been waiting {waited}:\n“{words}”\nSend 'ok {id}' if you take it.",
    },
    "escalation.last_reminder": {
        "nl": "Dit is de laatste herinnering.",
        "en": "This is the last reminder.",
    },
    "escalation.button": {"nl": "Ik pak het op", "en": "I'll take it"},
    "escalation.taken": {
        "nl": "✅ {name} pakt melding {number} op. Jij hoeft niets meer te doen.",
        "en": "✅ {name} is taking on alert {number}. Nothing more for you to do.",
    },
    "escalation.moments": {"nl": "minder dan een minuut", "en": "under a minute"},
    "escalation.minutes": {"nl": "{minutes} min", "en": "{minutes} min"},
    "escalation.hours": {"nl": "{hours} uur", "en": "{hours} h"},
    "escalation.hours_minutes": {
        "nl": "{hours} uur en {minutes} min",
        "en": "{hours} h {minutes} min",
    },
}


def audience(
    session: Session,
    notify: str,
    neighbourhood: Neighbourhood | None,
    now: dt.datetime,
) -> list[Person]:
    """Who a step to ``notify`` reaches at ``now``, skipping who is away.

    Without a neighbourhood the neighbourhood's roles become the
    coordinators; an audience with nobody available falls back to the next.
    """
    if neighbourhood is None and notify in NEIGHBOURHOOD_AUDIENCES:
        notify = "coordinators"
    people = _everyone_in(session, notify, neighbourhood)
    available = [person for person in people if not is_away(person, now)]
    if available or notify not in FALLBACK:
        return available

    return audience(session, FALLBACK[notify], neighbourhood, now)


def _everyone_in(
    session: Session, notify: str, neighbourhood: Neighbourhood | None
) -> list[Person]:
    if notify == "coordinators":
        return coordinators(session)
    if notify == "admin_group":
        query = (
            select(Person)
            .where(
                Person.status == "active",
                Person.role.in_(("primary", "backup", "coordinator")),
            )
            .order_by(Person.id)
        )
        return list(session.scalars(query))

    assert neighbourhood is not None
    admins = admins_of(neighbourhood)
    wanted = {"primary": ("primary",), "backups": ("backup",)}.get(notify)

    return [a for a in admins if wanted is None or a.role in wanted]


def first_words(text: str) -> str:
    """The start of an alert's text, to recognise it by."""
    words = text.split()
    short = " ".join(words[:FIRST_WORDS])
    if len(short) > FIRST_CHARS:
        short = short[:FIRST_CHARS].rsplit(" ", 1)[0]

    if short == " ".join(words):
        return short

    return short.rstrip(",.;:-") + "…"


def waited(texts: Any, language: str, delta: dt.timedelta) -> str:
    """``5 min``, ``1 uur en 10 min``: how long an alert has waited."""
    minutes = int(delta.total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    if minutes < 1:
        return str(texts.get("escalation.moments", language))
    if hours == 0:
        return str(texts.get("escalation.minutes", language, minutes=minutes))
    if rest == 0:
        return str(texts.get("escalation.hours", language, hours=hours))

    key = "escalation.hours_minutes"
    return str(texts.get(key, language, hours=hours, minutes=rest))


def nudges(
    bot: Any,
    alert: Alert,
    step: EscalationStep,
    people: list[Person],
    now: dt.datetime,
    reminder: tuple[int, int] | None = None,
) -> list[Outgoing]:
    """One nudge per person, in their language; ``reminder`` is (n, of)."""
    return [_nudge(bot, alert, step, person, now, reminder) for person in people]


def _nudge(
    bot: Any,
    alert: Alert,
    step: EscalationStep,
    person: Person,
    now: dt.datetime,
    reminder: tuple[int, int] | None,
) -> Outgoing:
    texts, language = bot.texts, _language(bot, person)
    words = first_words(alert.text)
    how_long = waited(texts, language, now - alert.created_at)
    values = {"number": alert.number, "id": alert.id, "words": words}
    if reminder is None:
        body = texts.get("escalation.nudge", language, waited=how_long, **values)
    else:
        count, total = reminder
        body = texts.get(
            "escalation.reminder",
            language,
            count=count,
            total=total,
            waited=how_long,
            **values,
        )
        if count == total:
            body += " " + texts.get("escalation.last_reminder", language)

    # Variables of the "nudge" template: {{1}} is the whole text, as for
    # every kind; {{2}} the number, {{3}} the first words, {{4}} the wait.
    variables = {"1": body[:TEMPLATE_VARIABLE_MAX], "2": str(alert.id)}
    variables |= {"3": words, "4": how_long}
    return Outgoing(
        person.whatsapp_address,
        body,
        kind="nudge",
        topic=f"nudge:{alert.id}:{step.id}",
        template_vars=variables,
        buttons=[(f"ack:{alert.id}", texts.get("escalation.button", language))],
    )


def taken_notices(
    bot: Any, alert: Alert, taker: Person | None, people: list[Person]
) -> list[Outgoing]:
    """One line to each of ``people``: who took the alert on."""
    name = taker.first_name if taker is not None else "?"
    return [
        Outgoing(
            person.whatsapp_address,
            bot.texts.get(
                "escalation.taken",
                _language(bot, person),
                name=name,
                number=alert.number,
            ),
            kind="notice",
            topic=f"alert:{alert.id}:ack",  # one "taken" line each, with the ack's
        )
        for person in people
        if taker is None or person.id != taker.id
    ]


def _language(bot: Any, person: Person) -> str:
    return person.language or str(bot.config.bot.language)
