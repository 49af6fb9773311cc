"""The sentences of alerts and of the admins' alert commands."""

from __future__ import annotations


def _both(nl: str, en: str) -> dict[str, str]:
    return {"nl": nl, "en": en}


MESSAGES = {
    "alerts.headline.police": _both(
        "🚨 Melding {number} van de meldkamer",
        "🚨 Alert {number} from the police control room",
    ),
    "alerts.headline.admin": _both(
        "📣 Melding {number} van de beheerders van {neighbourhood}",
        "📣 Alert {number} from the admins of {neighbourhood}",
    ),
    "alerts.headline.resident": _both(
        "📣 Melding {number} van {name} ({neighbourhood})",
        "📣 Alert {number} from {name} ({neighbourhood})",
    ),
    "alerts.photo": _both(
        "📷 Met foto ({count}); de beheerders kunnen die bekijken.",
        "📷 With photo ({count}); the admins can view it.",
    ),
    "alerts.location": _both("📍 Locatie: {place}", "📍 Location: {place}"),
    "alerts.admin_hint": _both(
        "Beheerder: 'ok {id}' om hem op te pakken, 'opschalen {id}' voor de buren.",
        "Admin: 'ok {id}' to take it on, 'escalate {id}' for the neighbours.",
    ),
    "alerts.relay": _both(
        "Klaar om door te sturen naar jullie eigen WhatsApp-groep. "
        "Oppakken: 'ok {id}'.",
        "Ready to forward into your own WhatsApp group. Take it on: 'ok {id}'.",
    ),
    "alerts.police.suggested": _both(
        "Voorstel: {neighbourhood}.", "Suggested: {neighbourhood}."
    ),
    "alerts.police.unplaced": _both(
        "Voor welke buurt? Stuur 'door {id} <buurt>'.",
        "Which neighbourhood? Send 'forward {id} <neighbourhood>'.",
    ),
    "alerts.police.ask": _both(
        "Dit lijkt over jullie buurt te gaan. Stuur 'ok {id}' om hem op te pakken, "
        "of 'door {id} {slug}' om hem naar de buurt te sturen.",
        "This looks like your neighbourhood. Send 'ok {id}' to take it on, "
        "or 'forward {id} {slug}' to send it to the neighbourhood.",
    ),
    "alerts.sent_up": _both(
        "⬆️ Naar de beheerders gestuurd door {name}.",
        "⬆️ Sent up to the admins by {name}.",
    ),
    "alerts.escalated_note": _both(
        "⬆️ Opgeschaald naar {scope}.", "⬆️ Escalated to {scope}."
    ),
    "alerts.scope.neighbours": _both(
        "de buren van {neighbourhood}", "the neighbours of {neighbourhood}"
    ),
    "alerts.scope.town": _both("heel {town}", "all of {town}"),
    "alerts.scope.all": _both("de hele gemeente", "the whole municipality"),
    "alerts.scope_word.neighbours": _both("buren", "neighbours"),
    "alerts.scope_word.town": _both("kern", "town"),
    "alerts.scope_word.all": _both("gemeente", "municipality"),
    "alerts.admin_group": _both("de beheerders", "the admins"),
    "alerts.taken_by": _both(
        "✔️ {name} pakt melding {number} op.", "✔️ {name} is taking alert {number}."
    ),
    "alerts.closing": _both(
        "✅ Melding {number} is afgesloten: {text}",
        "✅ Alert {number} is closed: {text}",
    ),
}

REPLIES = {
    "alerts.created": _both(
        "Melding {number} is naar {count} mensen in {place} gestuurd.",
        "Alert {number} was sent to {count} people in {place}.",
    ),
    "alerts.forwarded": _both(
        "Melding {number} is doorgestuurd naar {to} ({count} berichten).",
        "Alert {number} was forwarded to {to} ({count} messages).",
    ),
    "alerts.escalated": _both(
        "Melding {number} is opgeschaald naar {scope}: {areas} buurten, "
        "{count} berichten.",
        "Alert {number} was escalated to {scope}: {areas} neighbourhoods, "
        "{count} messages.",
    ),
    "alerts.ack.acknowledged": _both(
        "Je pakt melding {number} op. Dank je!",
        "You are taking alert {number}. Thank you!",
    ),
    "alerts.ack.already": _both(
        "Je had melding {number} al opgepakt.", "You had already taken alert {number}."
    ),
    "alerts.ack.taken": _both(
        "Melding {number} is al opgepakt door {name}.",
        "Alert {number} was already taken by {name}.",
    ),
    "alerts.ack.closed": _both(
        "Melding {number} is al gesloten.", "Alert {number} is already closed."
    ),
    "alerts.ack.refused": _both(
        "Melding {number} hoort niet bij jouw buurt.",
        "Alert {number} is not for your neighbourhood.",
    ),
    "alerts.none_open": _both(
        "Er staat geen open melding voor je klaar.", "There is no open alert for you."
    ),
    "alerts.closed": _both(
        "Melding {number} is gesloten.", "Alert {number} is closed."
    ),
    "alerts.closed_told": _both(
        "Melding {number} is gesloten; je bericht gaat naar {count} mensen.",
        "Alert {number} is closed; your message goes to {count} people.",
    ),
}

REFUSALS = {
    "alerts.refuse.unknown": _both(
        "Melding {number} ken ik niet.", "I don't know alert {number}."
    ),
    "alerts.refuse.closed": _both(
        "Melding {number} is al gesloten.", "Alert {number} is already closed."
    ),
    "alerts.refuse.not_yours": _both(
        "Melding {number} hoort niet bij jouw buurt.",
        "Alert {number} is not for your neighbourhood.",
    ),
    "alerts.refuse.not_received": _both(
        "Je kunt alleen meldingen doorsturen die je zelf hebt gekregen.",
        "You can only forward alerts that you received.",
    ),
    "alerts.refuse.unknown_place": _both(
        "Ik ken geen buurt '{name}'. Gebruik de naam of de korte naam.",
        "I don't know a neighbourhood '{name}'. Use its name or short name.",
    ),
    "alerts.refuse.no_neighbourhood": _both(
        "Melding {number} heeft nog geen buurt. Stuur hem eerst door met "
        "'door {id} <buurt>'.",
        "Alert {number} has no neighbourhood yet. Forward it first with "
        "'forward {id} <neighbourhood>'.",
    ),
    "alerts.refuse.no_home": _both(
        "Je hoort niet bij een buurt, dus dat kan niet.",
        "You don't belong to a neighbourhood, so that isn't possible.",
    ),
}

STATUS = {
    "alerts.status.none": _both(
        "Er zijn geen open meldingen voor je.", "There are no open alerts for you."
    ),
    "alerts.status.header": _both("Open meldingen:", "Open alerts:"),
    "alerts.status.line": _both(
        "{number} · {state} · {place} · {text}", "{number} · {state} · {place} · {text}"
    ),
    "alerts.status.title": _both("Melding {number}", "Alert {number}"),
    "alerts.status.delivery": _both("Bezorging: {counts}", "Delivery: {counts}"),
    "alerts.state.open": _both("open", "open"),
    "alerts.state.acknowledged": _both("opgepakt door {name}", "taken by {name}"),
    "alerts.state.closed": _both("gesloten", "closed"),
    "alerts.delivery.pending": _both("{count} in de wachtrij", "{count} waiting"),
    "alerts.delivery.sending": _both("{count} bezig", "{count} sending"),
    "alerts.delivery.queued": _both("{count} verstuurd", "{count} sent"),
    "alerts.delivery.sent": _both("{count} verstuurd", "{count} sent"),
    "alerts.delivery.delivered": _both("{count} afgeleverd", "{count} delivered"),
    "alerts.delivery.read": _both("{count} gelezen", "{count} read"),
    "alerts.delivery.failed": _both("{count} mislukt", "{count} failed"),
    "alerts.delivery.undelivered": _both(
        "{count} niet afgeleverd", "{count} undelivered"
    ),
    "alerts.event.received": _both("binnengekomen", "received"),
    "alerts.event.created": _both("gemaakt door {who}", "raised by {who}"),
    "alerts.event.suggested": _both("voorstel: {where}", "suggested: {where}"),
    "alerts.event.forwarded": _both(
        "doorgestuurd naar {where} door {who}", "forwarded to {where} by {who}"
    ),
    "alerts.event.reported": _both("gemeld door {who}", "reported by {who}"),
    "alerts.event.held": _both(
        "vaak doorgestuurd: alleen naar de beheerders",
        "frequently forwarded: admins only",
    ),
    "alerts.event.sent_up": _both(
        "naar de beheerders gestuurd door {who}", "sent up to the admins by {who}"
    ),
    "alerts.event.escalated": _both(
        "opgeschaald ({scope}) door {who}", "escalated ({scope}) by {who}"
    ),
    "alerts.event.acknowledged": _both("opgepakt door {who}", "taken by {who}"),
    "alerts.event.closed": _both("gesloten door {who}", "closed by {who}"),
    "alerts.event.nudged": _both(
        "herinnering aan {people} beheerder(s)", "reminder to {people} admin(s)"
    ),
}

COMMANDS = {
    "command.meld.usage": _both("meld <tekst>", "alert <text>"),
    "command.meld.summary": _both(
        "een melding in je eigen buurt", "an alert in your own neighbourhood"
    ),
    "command.door.usage": _both(
        "door <nr> <buurt ...> | beheerders",
        "forward <nr> <neighbourhood ...> | admins",
    ),
    "command.door.summary": _both("stuur een melding door", "forward an alert onwards"),
    "command.opschalen.usage": _both(
        "opschalen <nr> [buren|kern|gemeente]", "escalate <nr> [neighbours|town|all]"
    ),
    "command.opschalen.summary": _both("maak een melding breder", "widen an alert"),
    "command.ok.usage": _both("ok [nr]", "ack [nr]"),
    "command.ok.summary": _both("pak een melding op", "take an alert on"),
    "command.sluit.usage": _both("sluit <nr> [tekst]", "close <nr> [text]"),
    "command.sluit.summary": _both(
        "sluit een melding, met een slotbericht", "close an alert, with a last word"
    ),
    "command.status.usage": _both("status [nr]", "status [nr]"),
    "command.status.summary": _both(
        "open meldingen, of het verloop van één", "open alerts, or one alert's story"
    ),
}

TEXTS = {**MESSAGES, **REPLIES, **REFUSALS, **STATUS, **COMMANDS}
