"""Who can be nudged: admins say they are away (afwezig) and back (terug).

An away admin or coordinator is skipped by the escalation chain; when the
primary admin is away, the first step goes to the backups. ``beheerders``
shows who answers for a neighbourhood and who is away.
"""

from __future__ import annotations

import datetime as dt
import logging
import re

from bot.context import Context
from bot.registry import Arg, Command, Registry
from handlers.people import ADMINS, person_of
from models.network import Neighbourhood, Person, admins_of, find_neighbourhood

log = logging.getLogger(__name__)

_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})(?:[-/.](\d{4}))?$")
_UNTIL_WORDS = ("tot", "until", "till", "t/m")

TEXTS = {
    "command.afwezig.usage": {
        "nl": "afwezig [tot <dag-maand>]",
        "en": "away [until <day-month>]",
    },
    "command.afwezig.summary": {
        "nl": "geen herinneringen tot je terug bent",
        "en": "no nudges until you are back",
    },
    "command.terug.usage": {"nl": "terug", "en": "back"},
    "command.terug.summary": {
        "nl": "je krijgt weer herinneringen",
        "en": "get nudges again",
    },
    "command.beheerders.usage": {
        "nl": "beheerders [buurt]",
        "en": "admins [neighbourhood]",
    },
    "command.beheerders.summary": {
        "nl": "wie beheert de buurt, en wie is afwezig",
        "en": "who runs the neighbourhood, and who is away",
    },
    "availability.away": {
        "nl": "Je staat op afwezig. Herinneringen gaan naar de anderen."
        " Stuur 'terug' als je er weer bent.",
        "en": "You are marked away. Nudges go to the others."
        " Send 'back' when you are back.",
    },
    "availability.away_until": {
        "nl": "Je staat op afwezig tot {date}. Tot dan gaan herinneringen naar"
        " de anderen. Eerder terug? Stuur 'terug'.",
        "en": "You are marked away until {date}. Until then nudges go to the"
        " others. Back sooner? Send 'back'.",
    },
    "availability.back": {
        "nl": "Welkom terug! Je krijgt weer herinneringen.",
        "en": "Welcome back! You will get nudges again.",
    },
    "availability.not_away": {
        "nl": "Je stond niet op afwezig, dus je krijgt gewoon herinneringen.",
        "en": "You were not marked away, so you get nudges as usual.",
    },
    "availability.bad_date": {
        "nl": "Die datum begrijp ik niet: '{text}'. Schrijf dag-maand,"
        " bijvoorbeeld 'afwezig tot 12-12'.",
        "en": "I don't understand that date: '{text}'. Write day-month,"
        " for example 'away until 12-12'.",
    },
    "availability.past_date": {
        "nl": "{date} is al geweest. Kies een dag na vandaag.",
        "en": "{date} has passed. Choose a day after today.",
    },
    "availability.which_neighbourhood": {
        "nl": "Welke buurt? Stuur bijvoorbeeld 'beheerders hoornes'.",
        "en": "Which neighbourhood? Send for example 'admins hoornes'.",
    },
    "availability.unknown_neighbourhood": {
        "nl": "Die buurt ken ik niet: '{name}'.",
        "en": "I don't know that neighbourhood: '{name}'.",
    },
    "availability.admins_header": {
        "nl": "Beheerders van {neighbourhood}:",
        "en": "Admins of {neighbourhood}:",
    },
    "availability.no_admins": {
        "nl": "{neighbourhood} heeft nu geen beheerders.",
        "en": "{neighbourhood} has no admins at the moment.",
    },
    "availability.primary": {"nl": "hoofdbeheerder", "en": "primary admin"},
    "availability.backup": {"nl": "mede-beheerder", "en": "backup admin"},
    "availability.is_away": {"nl": "afwezig", "en": "away"},
    "availability.is_away_until": {
        "nl": "afwezig tot {date}",
        "en": "away until {date}",
    },
}


def is_away(person: Person, now: dt.datetime) -> bool:
    """Whether ``person`` is away at ``now``; away without a date lasts."""
    if not person.away:
        return False

    return person.away_until is None or now < person.away_until


def parse_until(text: str, today: dt.date) -> dt.date:
    """The day in ``tot 12-12`` or ``until 12-12-2026``.

    Without a year it is the next such day after ``today``. Raises
    ValueError for text that is no day.
    """
    words = text.split()
    if words and words[0].casefold() in _UNTIL_WORDS:
        words = words[1:]
    match = _DATE.match(" ".join(words))
    if not match:
        raise ValueError(text)

    day, month, year = int(match[1]), int(match[2]), match[3]
    if year is not None:
        return dt.date(int(year), month, day)
    date = dt.date(today.year, month, day)

    return date if date > today else dt.date(today.year + 1, month, day)


def show_date(date: dt.date) -> str:
    return f"{date.day}-{date.month}-{date.year}"


def go_away(ctx: Context) -> None:
    person = person_of(ctx.session, ctx.sender)
    assert person is not None
    zone = ctx.config.bot.zone
    text = ctx.args.get("until")
    if not text:
        _mark_away(person, None)
        ctx.reply("availability.away")
        return

    today = ctx.now.astimezone(zone).date()
    try:
        date = parse_until(text, today)
    except ValueError:
        ctx.reply("availability.bad_date", text=text)
        return
    if date <= today:
        ctx.reply("availability.past_date", date=show_date(date))
        return

    # Away until that day begins in the bot's time zone: back on that day.
    start = dt.datetime.combine(date, dt.time(0), tzinfo=zone).astimezone(dt.UTC)
    _mark_away(person, start)
    ctx.reply("availability.away_until", date=show_date(date))


def _mark_away(person: Person, until: dt.datetime | None) -> None:
    person.away = True
    person.away_until = until
    log.info("person %s is away (until %s)", person.id, until or "back")


def come_back(ctx: Context) -> None:
    person = person_of(ctx.session, ctx.sender)
    assert person is not None
    if not is_away(person, ctx.now):
        ctx.reply("availability.not_away")
    else:
        ctx.reply("availability.back")
        log.info("person %s is back", person.id)

    person.away = False
    person.away_until = None


def show_admins(ctx: Context) -> None:
    neighbourhood = _neighbourhood_asked(ctx)
    if neighbourhood is None:
        return

    admins = admins_of(neighbourhood)
    if not admins:
        ctx.reply("availability.no_admins", neighbourhood=neighbourhood.name)
        return
    lines = [ctx.text("availability.admins_header", neighbourhood=neighbourhood.name)]
    lines += [_admin_line(ctx, admin) for admin in admins]
    ctx.reply_text("\n".join(lines))


def _neighbourhood_asked(ctx: Context) -> Neighbourhood | None:
    """The neighbourhood named, else the sender's own; replies when neither."""
    name = ctx.args.get("neighbourhood")
    if name:
        found = find_neighbourhood(ctx.session, name)
        if found is None:
            ctx.reply("availability.unknown_neighbourhood", name=name)
        return found

    person = person_of(ctx.session, ctx.sender)
    if person is None or person.neighbourhood is None:
        ctx.reply("availability.which_neighbourhood")
        return None

    return person.neighbourhood


def _admin_line(ctx: Context, admin: Person) -> str:
    role = ctx.text(f"availability.{admin.role}")
    line = f"• {admin.name}, {role}"
    if not is_away(admin, ctx.now):
        return line
    if admin.away_until is None:
        return f"{line} ({ctx.text('availability.is_away')})"

    zone = ctx.config.bot.zone
    date = show_date(admin.away_until.astimezone(zone).date())
    return f"{line} ({ctx.text('availability.is_away_until', date=date)})"


def setup(registry: Registry) -> None:
    registry.texts.add(TEXTS)
    until = Arg("until", optional=True, greedy=True)
    registry.command(
        Command("afwezig", go_away, aliases=("away",), roles=ADMINS, args=(until,))
    )
    registry.command(Command("terug", come_back, aliases=("back",), roles=ADMINS))
    where = Arg("neighbourhood", optional=True, greedy=True)
    registry.command(
        Command(
            "beheerders", show_admins, aliases=("admins",), roles=ADMINS, args=(where,)
        )
    )
