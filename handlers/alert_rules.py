"""Who may do what with an alert, and reading what admins type.

Coordinators may act on any alert. An admin may act on the alerts of, or
given to, their own neighbourhood, and may forward any alert they received.
"""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.context import Context
from handlers.fanout import received
from handlers.people import person_of
from models.alerts import Alert, get_alert
from models.network import Neighbourhood, Person

ADMIN_GROUP_WORDS = frozenset({"beheerders", "beheerdersgroep", "admins"})
SCOPES = {
    "buren": "neighbours",
    "neighbours": "neighbours",
    "neighbors": "neighbours",
    "kern": "town",
    "town": "town",
    "gemeente": "all",
    "all": "all",
    "alles": "all",
}


def parse_number(text: str) -> int:
    """An alert number as typed: ``17`` or ``#17``."""
    digits = text.removeprefix("#")
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 9:
        raise ValueError(f"{text!r} is no alert number")
    number = int(digits)
    if number <= 0:
        raise ValueError(f"{text!r} is no alert number")

    return number


def parse_scope(text: str) -> str:
    """``buren``, ``kern`` or ``gemeente`` (or the English words)."""
    scope = SCOPES.get(fold_words(text))
    if scope is None:
        raise ValueError(f"{text!r} is no scope")

    return scope


def fold_words(text: str) -> str:
    """Lower case, accents gone, each run of other characters one dash."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))

    return re.sub(r"[^a-z0-9]+", "-", plain.casefold()).strip("-")


def names_of(session: Session) -> dict[str, Neighbourhood]:
    """Every neighbourhood by its folded name and by its folded slug."""
    names: dict[str, Neighbourhood] = {}
    for neighbourhood in session.scalars(select(Neighbourhood)):
        names[fold_words(neighbourhood.slug)] = neighbourhood
        names[fold_words(neighbourhood.name)] = neighbourhood

    return names


def read_places(
    session: Session, text: str
) -> tuple[list[Neighbourhood], bool, str | None]:
    """Neighbourhoods named in ``text``, longest names first.

    Returns the neighbourhoods, whether the admin group was named, and the
    first word that names nothing (None when all were understood).
    """
    names = names_of(session)
    typed = [word for word in text.split() if fold_words(word)]
    words = [fold_words(word) for word in typed]
    found: list[Neighbourhood] = []
    admins = False
    start = 0
    while start < len(words):
        if words[start] in ADMIN_GROUP_WORDS:
            admins, start = True, start + 1
            continue
        end = _longest_name(words, start, names)
        if end is None:
            return found, admins, typed[start]
        neighbourhood = names["-".join(words[start:end])]
        if neighbourhood not in found:
            found.append(neighbourhood)
        start = end

    return found, admins, None


def _longest_name(
    words: list[str], start: int, names: dict[str, Neighbourhood]
) -> int | None:
    for end in range(len(words), start, -1):
        if "-".join(words[start:end]) in names:
            return end

    return None


def find_in_text(session: Session, text: str) -> Neighbourhood | None:
    """The neighbourhood whose name or slug appears in ``text``; longest wins."""
    folded = f"-{fold_words(text)}-"
    best: tuple[int, Neighbourhood] | None = None
    for name, neighbourhood in names_of(session).items():
        if f"-{name}-" in folded and (best is None or len(name) > best[0]):
            best = (len(name), neighbourhood)

    return best[1] if best else None


def concerns(alert: Alert, person: Person) -> bool:
    """Whether ``person`` answers for ``alert``."""
    if person.role == "coordinator":
        return True

    return person.is_admin and person.neighbourhood_id in alert.neighbourhood_ids


def may_forward(session: Session, alert: Alert, person: Person) -> bool:
    return concerns(alert, person) or received(session, alert, person)


def actor_of(ctx: Context) -> Person | None:
    """The admin or coordinator writing, or None (after a refusal)."""
    person = person_of(ctx.session, ctx.sender)
    staff = person is not None and (person.is_admin or person.role == "coordinator")
    if person is None or not staff or person.status != "active":
        ctx.reply("command.refused")
        return None

    return person


def open_alert(ctx: Context, number: int) -> Alert | None:
    """Alert ``number`` when it exists and is not closed; else a refusal."""
    alert = get_alert(ctx.session, number)
    if alert is None:
        ctx.reply("alerts.refuse.unknown", number=f"#{number}")
        return None
    if alert.is_closed:
        ctx.reply("alerts.refuse.closed", number=alert.number)
        return None

    return alert


def alert_in_hand(ctx: Context) -> tuple[Person, Alert] | None:
    """The writer and the open alert ``ctx.args["number"]`` they answer for;
    else None, after a refusal that says why."""
    person = actor_of(ctx)
    alert = open_alert(ctx, ctx.args["number"]) if person else None
    if person is None or alert is None:
        return None
    if not concerns(alert, person):
        ctx.reply("alerts.refuse.not_yours", number=alert.number)
        return None

    return person, alert
