"""The police control room: every message from it becomes an alert.

A police alert goes to the admin group only, with the neighbourhood a
postcode or a name in its text suggests; that neighbourhood's admins are
asked to take it. The WhatsApp route and the HTTP API share
:func:`raise_police_alert`.
"""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from bot.context import Context
from bot.registry import Registry
from bot.update import Update
from handlers.alert_rules import find_in_text
from handlers.alerts import alert_assigned
from handlers.escalation import start_chain
from handlers.fanout import Desk, Part, attach, phrase, send_up
from handlers.people import person_of
from handlers.police_config import PoliceSection
from models import audit
from models.alerts import Alert
from models.network import Neighbourhood, Person, admins_of, neighbourhoods_for_postcode
from models.postcodes import normalize_postcode, postcode_in_address

log = logging.getLogger(__name__)

TEXTS = {
    "police.received": {
        "nl": "Melding {number} is ontvangen en naar de beheerders gestuurd. Dank u.",
        "en": "Alert {number} was received and sent to the admins. Thank you.",
    },
    "police.help_note": {
        "nl": "Elk ander bericht van u wordt een melding voor de beheerders, met een"
        " voorstel voor de buurt als er een postcode of buurtnaam in staat.",
        "en": "Any other message from you becomes an alert for the admins, with a"
        " suggested neighbourhood when it holds a postcode or neighbourhood name.",
    },
}


def suggest(
    session: Session, text: str, postcode: str | None = None
) -> Neighbourhood | None:
    """The neighbourhood a postcode, else a neighbourhood's name, points to."""
    code = postcode or postcode_in_address(text)
    if code:
        found = neighbourhoods_for_postcode(session, code)
        if found:
            return found[0]

    return find_in_text(session, text)


def raise_police_alert(
    desk: Desk,
    text: str,
    *,
    postcode: str | None = None,
    neighbourhood: Neighbourhood | None = None,
    sender: Person | None = None,
    via: str = "whatsapp",
    update: Update | None = None,
) -> Alert:
    """A police alert, sent to the admin group with a suggested neighbourhood.

    An explicit ``neighbourhood`` wins over one found from ``postcode`` or
    the text. ``postcode`` must be valid (see ``normalize_postcode``). The
    photos and location of ``update`` are carried along.
    """
    code = normalize_postcode(postcode) if postcode else postcode_in_address(text)
    suggested = neighbourhood or suggest(desk.session, text, code)
    alert = Alert(source="police", text=text, postcode=code, created_at=desk.now)
    alert.neighbourhood, alert.created_by = suggested, sender
    if update is not None:
        attach(alert, update)
    desk.session.add(alert)
    desk.session.flush()
    alert.record("received", sender, at=desk.now, via=via)

    count = _send(desk, alert, suggested)
    slug = suggested.slug if suggested else None
    audit.record(
        desk.session,
        sender,
        "alert.police",
        alert_id=alert.id,
        suggested=slug,
        sent=count,
    )
    log.info("police alert %s via %s, suggested %s", alert.number, via, slug)

    return alert


def _send(desk: Desk, alert: Alert, suggested: Neighbourhood | None) -> int:
    if suggested is None:
        # Nobody's neighbourhood yet: the chain runs on the coordinators.
        start_chain(desk.session, alert, None, desk.now, desk.bot.config)
        return send_up(
            desk, alert, None, [phrase("alerts.police.unplaced", id=alert.id)]
        )

    alert.add_target(suggested, "suggested", None, desk.now, delivered=False)
    alert_assigned(desk, alert, suggested, reason="suggested")
    note: Part = phrase("alerts.police.suggested", neighbourhood=suggested.name)
    ask: Part = phrase("alerts.police.ask", id=alert.id, slug=suggested.slug)

    return send_up(
        desk, alert, None, [note], first=admins_of(suggested), first_notes=[ask]
    )


def police_message(ctx: Context) -> None:
    """A message from the police: an alert, and a short confirmation."""
    person = person_of(ctx.session, ctx.sender)
    desk = Desk.of(ctx)
    alert = raise_police_alert(desk, ctx.update.text, sender=person, update=ctx.update)

    ctx.reply("police.received", number=alert.number)


def police_section(ctx: Context) -> PoliceSection:
    return ctx.config.section("police", PoliceSection)


def setup(registry: Registry) -> None:
    registry.texts.add(TEXTS)
    registry.config_section(
        "police", PoliceSection, env={"api_token": "BUURTALERT_POLICE_API_TOKEN"}
    )
    registry.default("police", police_message, exclusive=True)
    registry.help_note("police", "police.help_note")
