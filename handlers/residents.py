"""Residents: a member's free text is a report to their neighbourhood.

A report is an alert (source ``resident``) relayed to the neighbourhood with
the sender's first name; its admins can escalate it. The bot never replaces
112, so a report that does not mention it earns a private reminder of the
SAAR rule. A chain message that WhatsApp marks as frequently forwarded goes
to the admins only. ``vraag`` asks the admins, never the group.
"""

from __future__ import annotations

import logging
import re

from bot.context import Context
from bot.registry import Arg, Command, Registry
from bot.update import Update, fold
from handlers.alerts import alert_assigned
from handlers.fanout import Desk, alert_parts, attach, deliver, phrase
from handlers.people import person_of
from models.alerts import Alert
from models.network import Neighbourhood, Person, admins_of

log = logging.getLogger(__name__)

TEXTS = {
    "residents.shared": {
        "nl": "Dank je, {name}. Je melding {number} is gedeeld met {count} buren.",
        "en": "Thank you, {name}. Your alert {number} was shared with {count} "
        "neighbours.",
    },
    "residents.to_admins": {
        "nl": "Dank je, {name}. Je melding {number} is naar de beheerders van "
        "{place} gestuurd; zij zetten hem in de buurtgroep.",
        "en": "Thank you, {name}. Your alert {number} went to the admins of "
        "{place}; they will post it in the neighbourhood group.",
    },
    "residents.held": {
        "nl": "Dank je. Dit bericht wordt vaak doorgestuurd, dus de beheerders "
        "kijken er eerst naar voor het gedeeld wordt.",
        "en": "Thank you. This message is forwarded a lot, so the admins will "
        "check it before it is shared.",
    },
    "residents.held_note": {
        "nl": "⚠️ Dit bericht wordt vaak doorgestuurd en is nog niet met de buurt "
        "gedeeld. Klopt het? Deel het met 'door {id} {slug}'.",
        "en": "⚠️ This message is forwarded a lot and was not shared with the "
        "neighbourhood. Is it true? Share it with 'forward {id} {slug}'.",
    },
    "residents.saar": {
        "nl": "Bij spoed altijd eerst 112 bellen. Denk aan SAAR: Signaleer, "
        "Alarmeer 112, App, Reageer. Deze app vervangt 112 niet.",
        "en": "In an emergency always call 112 first. Remember SAAR: Spot, "
        "Alert 112, App, Respond. This app does not replace 112.",
    },
    "residents.no_home": {
        "nl": "Je hoort niet bij een buurt, dus ik kan dit niet delen. "
        "Stuur 'hulp' voor wat je kunt doen.",
        "en": "You don't belong to a neighbourhood, so I can't share this. "
        "Send 'help' to see what you can do.",
    },
    "residents.question": {
        "nl": "❓ Vraag van {name} ({phone}) uit {place}:\n{text}",
        "en": "❓ Question from {name} ({phone}) in {place}:\n{text}",
    },
    "residents.question_sent": {
        "nl": "Je vraag is naar de beheerders van {place} gestuurd.",
        "en": "Your question was sent to the admins of {place}.",
    },
    "residents.no_admins": {
        "nl": "Je buurt heeft nu geen beheerder. Probeer het later nog eens.",
        "en": "Your neighbourhood has no admin right now. Please try again later.",
    },
    "residents.not_a_report": {
        "nl": "Wil je iets melden aan je buurt? Beschrijf wat je ziet en waar."
        " Bij nood: bel eerst 112.",
        "en": "Want to tell your neighbourhood something? Describe what you see"
        " and where. In an emergency: call 112 first.",
    },
    "residents.help_note": {
        "nl": "Iets gezien? Stuur het mij gewoon, met een foto of locatie als je"
        " wilt: ik deel het met je buurt. Bij nood: bel eerst 112.",
        "en": "Seen something? Just send it to me, with a photo or location if you"
        " like: I share it with your neighbourhood. In an emergency: call 112 first.",
    },
    "command.vraag.usage": {"nl": "vraag <tekst>", "en": "ask <text>"},
    "command.vraag.summary": {
        "nl": "een vraag aan je beheerders, niet aan de groep",
        "en": "a question for your admins, not the group",
    },
}


def _home(ctx: Context) -> tuple[Person, Neighbourhood] | None:
    person = person_of(ctx.session, ctx.sender)
    if person is None or person.neighbourhood is None:
        ctx.reply("residents.no_home")
        return None

    return person, person.neighbourhood


# Thanks and the like, which a neighbourhood need not receive as an alert.
COURTESIES = frozenset(
    {
        "bedankt",
        "dank",
        "dank je",
        "dank je wel",
        "dankjewel",
        "dank u",
        "dank u wel",
        "dankuwel",
        "top",
        "ok",
        "oke",
        "okay",
        "prima",
        "super",
        "fijn",
        "goed zo",
        "thanks",
        "thank you",
        "thx",
        "merci",
        "hoi",
        "hallo",
    }
)


def is_courtesy(update: Update) -> bool:
    """Whether a message is only thanks, a greeting, or emoji and punctuation."""
    if update.media or update.location:
        return False
    words = re.sub(r"[^\w\s]", " ", fold(update.text)).split()

    return not words or " ".join(words) in COURTESIES


def report(ctx: Context) -> None:
    """A member's free text: an alert shared with their neighbourhood."""
    if is_courtesy(ctx.update):
        ctx.reply("residents.not_a_report")
        return
    found = _home(ctx)
    if found is None:
        return
    person, home = found
    alert = Alert(source="resident", text=ctx.update.text, created_at=ctx.now)
    alert.neighbourhood, alert.created_by = home, person
    attach(alert, ctx.update)
    ctx.session.add(alert)
    ctx.session.flush()
    alert_assigned(Desk.of(ctx), alert, home, reason="reported", actor=person)

    if ctx.update.frequently_forwarded:
        answer = _hold(Desk.of(ctx), alert, person, home)
    else:
        answer = _share(ctx, alert, person, home)
    if "112" not in ctx.update.text:
        answer += "\n\n" + ctx.text("residents.saar")
    ctx.reply_text(answer)


def _share(ctx: Context, alert: Alert, person: Person, home: Neighbourhood) -> str:
    desk = Desk.of(ctx)
    count = deliver(desk, alert, [home], "report", person, exclude=[person])
    log.info("report %s shared, %s messages", alert.number, count)
    key = "residents.shared" if home.delivery == "members" else "residents.to_admins"

    return ctx.text(
        key, name=person.first_name, number=alert.number, count=count, place=home.name
    )


def _hold(desk: Desk, alert: Alert, person: Person, home: Neighbourhood) -> str:
    """A chain message: to the admins only, with a note to check it first."""
    alert.add_target(home, "report", person, desk.now, delivered=False)
    alert.record("held", person, at=desk.now)
    admins = [admin for admin in admins_of(home) if admin.id != person.id]
    note = phrase("residents.held_note", id=alert.id, slug=home.slug)
    desk.send(admins, alert_parts(alert, note), kind="alert", topic=alert.topic)
    log.info("report %s is a chain message: held for the admins", alert.number)

    return desk.render([phrase("residents.held")], person.language)


def ask(ctx: Context) -> None:
    """``vraag <text>``: a question for the neighbourhood's admins only."""
    found = _home(ctx)
    if found is None:
        return
    person, home = found
    admins = [admin for admin in admins_of(home) if admin.id != person.id]
    if not admins:
        ctx.reply("residents.no_admins")
        return

    question = phrase(
        "residents.question",
        name=person.name,
        phone=person.phone or "WhatsApp",
        place=home.name,
        text=ctx.args["text"],
    )
    Desk.of(ctx).send(admins, [question], kind="notice")
    ctx.reply("residents.question_sent", place=home.name)


def setup(registry: Registry) -> None:
    registry.texts.add(TEXTS)
    registry.help_note("member", "residents.help_note")
    registry.command(
        Command(
            "vraag",
            ask,
            aliases=("ask",),
            roles=frozenset({"member"}),
            args=(Arg("text", greedy=True),),
        )
    )
    registry.default("member", report)
