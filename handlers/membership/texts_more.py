"""Sentences of member lists, leaving, privacy, and the commands' help."""

from __future__ import annotations

MEMBERS = {
    "members.header": {
        "nl": "Deelnemers van {neighbourhood} ({count}), pagina {page} van {pages}:",
        "en": "Members of {neighbourhood} ({count}), page {page} of {pages}:",
    },
    "members.entry": {"nl": "• {name}, {phone}{mark}", "en": "• {name}, {phone}{mark}"},
    "members.admin_mark": {"nl": " (beheerder)", "en": " (admin)"},
    "members.no_phone": {"nl": "gebruikersnaam", "en": "username"},
    "members.next": {
        "nl": "Volgende pagina: {command}",
        "en": "Next page: {command}",
    },
    "members.empty": {
        "nl": "{neighbourhood} heeft nog geen deelnemers.",
        "en": "{neighbourhood} has no members yet.",
    },
    "members.which": {
        "nl": "Over welke buurt? Stuur bijvoorbeeld: {example}",
        "en": "Which neighbourhood? Send for example: {example}",
    },
    "members.unknown_neighbourhood": {
        "nl": "Ik ken geen buurt '{name}'.",
        "en": "I know no neighbourhood '{name}'.",
    },
    "members.invited": {
        "nl": "Uitnodiging verstuurd aan {name}. Zodra die 'ja' antwoordt, is die"
        " deelnemer van {neighbourhood}.",
        "en": "Invitation sent to {name}. Once they reply 'yes', they are a member"
        " of {neighbourhood}.",
    },
    "members.invite_active": {
        "nl": "Dit nummer is al deelnemer van BuurtAlert.",
        "en": "This number is already a member of BuurtAlert.",
    },
    "members.invite_pending": {
        "nl": "Dit nummer heeft al een aanmelding die op goedkeuring wacht.",
        "en": "This number already has a request waiting for approval.",
    },
    "members.invite_staff": {
        "nl": "Dit nummer hoort bij een beheerder, coördinator of de meldkamer.",
        "en": "This number belongs to an admin, a coordinator or the police.",
    },
    "members.invite_recent": {
        "nl": "Dit nummer kreeg het afgelopen uur al een uitnodiging.",
        "en": "This number already got an invitation within the last hour.",
    },
    "members.invite_opted_out": {
        "nl": "Dit nummer heeft zich afgemeld; we sturen het niets. Die persoon kan"
        " zelf 'aanmelden' sturen.",
        "en": "This number opted out; we send it nothing. They can send 'join'"
        " themselves.",
    },
    "members.bad_phone": {
        "nl": "'{phone}' is geen geldig telefoonnummer.",
        "en": "'{phone}' is not a valid phone number.",
    },
    "members.removed_ack": {
        "nl": "{name} is uit {neighbourhood} verwijderd en heeft bericht gekregen.",
        "en": "{name} was removed from {neighbourhood} and has been told.",
    },
    "members.not_found": {
        "nl": "Ik vind geen deelnemer '{who}' in {neighbourhood}.",
        "en": "I can't find a member '{who}' in {neighbourhood}.",
    },
    "members.ambiguous": {
        "nl": "Meer deelnemers passen bij '{who}': {names}. Gebruik het"
        " telefoonnummer.",
        "en": "More than one member matches '{who}': {names}. Use the phone number.",
    },
    "members.is_admin": {
        "nl": "{name} is beheerder; beheerders wijzigt een coördinator.",
        "en": "{name} is an admin; a coordinator changes admins.",
    },
    "members.removed": {
        "nl": "Je bent door de beheerder uit BuurtAlert {neighbourhood} gehaald. Je"
        " krijgt geen berichten meer. Denk je dat dit een vergissing is? Vraag het"
        " een beheerder van je buurt.",
        "en": "An admin removed you from BuurtAlert {neighbourhood}. You will get no"
        " more messages. Think this is a mistake? Ask an admin of your"
        " neighbourhood.",
    },
}

PRIVACY = {
    "privacy.left": {
        "nl": "Je bent afgemeld. Je krijgt geen berichten meer van BuurtAlert."
        " Terugkomen? Stuur 'aanmelden'.",
        "en": "You have signed off. You will get no more messages from BuurtAlert."
        " Want to come back? Send 'join'.",
    },
    "privacy.data": {
        "nl": "Dit hebben we van je opgeslagen:\n{lines}\n\nWissen? Stuur 'vergeet"
        " mij'.",
        "en": "This is what we store about you:\n{lines}\n\nErase it? Send 'forget"
        " me'.",
    },
    "privacy.no_data": {
        "nl": "We hebben geen naam, nummer of adres van je opgeslagen, alleen je"
        " berichten aan dit nummer ({count}). Die wissen we vanzelf.",
        "en": "We store no name, number or address of yours, only your messages to"
        " this number ({count}). They are erased by themselves.",
    },
    "privacy.forgotten": {
        "nl": "Je gegevens zijn gewist. Je krijgt niets meer van ons, tenzij je zelf"
        " weer 'aanmelden' stuurt.",
        "en": "Your data has been erased. You will get nothing more from us unless"
        " you send 'join' again yourself.",
    },
}

# Labels of the fields in ``privacy.data``: (nl, en).
FIELDS = {
    "name": ("naam", "name"),
    "phone": ("telefoon", "phone"),
    "whatsapp": ("WhatsApp-adres", "WhatsApp address"),
    "role": ("rol", "role"),
    "status": ("status", "status"),
    "neighbourhood": ("buurt", "neighbourhood"),
    "address": ("adres", "address"),
    "postcode": ("postcode", "postcode"),
    "house_number": ("huisnummer", "house number"),
    "born": ("geboortejaar", "year of birth"),
    "language": ("taal", "language"),
    "away": ("afwezig", "away"),
    "since": ("bekend sinds", "known since"),
    "consent": ("toestemming", "consent"),
    "left": ("afgemeld", "left"),
    "requests": ("aanmeldingen", "requests"),
    "last_message": ("laatste bericht", "last message"),
    "opted_out": ("afgemeld voor berichten", "opted out of messages"),
    "messages": ("berichten van jou bewaard", "your messages stored"),
    "audit": ("logboek", "audit log"),
}
# Stored codes, as people read them: (nl, en).
VALUES = {
    "member": ("deelnemer", "member"),
    "backup": ("mede-beheerder", "backup admin"),
    "primary": ("hoofdbeheerder", "primary admin"),
    "coordinator": ("coördinator", "coordinator"),
    "police": ("meldkamer", "control room"),
    "active": ("actief", "active"),
    "pending": ("wacht op goedkeuring", "awaiting approval"),
    "invited": ("uitgenodigd", "invited"),
    "left": ("afgemeld", "left"),
}
PRIVACY.update(
    {f"privacy.field.{key}": {"nl": nl, "en": en} for key, (nl, en) in FIELDS.items()}
)
PRIVACY.update(
    {f"privacy.value.{key}": {"nl": nl, "en": en} for key, (nl, en) in VALUES.items()}
)
PRIVACY.update(
    {
        "privacy.yes": {"nl": "ja", "en": "yes"},
        "privacy.no": {"nl": "nee", "en": "no"},
    }
)


def _command(name: str, usage: tuple[str, str], summary: tuple[str, str]) -> dict:
    return {
        f"command.{name}.usage": {"nl": usage[0], "en": usage[1]},
        f"command.{name}.summary": {"nl": summary[0], "en": summary[1]},
    }


COMMANDS = {
    **_command("aanmelden", ("aanmelden", "join"), ("meedoen", "join in")),
    **_command(
        "stop",
        ("stop", "stop"),
        ("afmelden, geen berichten meer", "leave, no more messages"),
    ),
    **_command(
        "mijn gegevens",
        ("mijn gegevens", "my data"),
        ("wat we van je bewaren", "what we store about you"),
    ),
    **_command(
        "vergeet mij",
        ("vergeet mij", "forget me"),
        ("wis je gegevens", "erase your data"),
    ),
    **_command(
        "goedkeuren",
        ("goedkeuren <code>", "approve <code>"),
        ("een aanmelding goedkeuren", "approve a request"),
    ),
    **_command(
        "afwijzen",
        ("afwijzen <code> [reden]", "reject <code> [reason]"),
        ("een aanmelding afwijzen", "reject a request"),
    ),
    **_command(
        "leden",
        ("leden [buurt] [pagina]", "members [neighbourhood] [page]"),
        ("de deelnemers van je buurt", "your neighbourhood's members"),
    ),
    **_command(
        "toevoegen",
        ("toevoegen [buurt] <nummer> <naam>", "add [neighbourhood] <number> <name>"),
        ("iemand uitnodigen", "invite someone"),
    ),
    **_command(
        "verwijder",
        ("verwijder <nummer of naam>", "remove <number or name>"),
        ("een deelnemer verwijderen", "remove a member"),
    ),
}
