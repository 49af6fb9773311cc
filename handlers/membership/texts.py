"""Every sentence of joining, leaving, member lists and privacy."""

from __future__ import annotations

RULES_NL = (
    "Huisregels van BuurtAlert:\n"
    "1. Bij nood bel je altijd eerst 112. Onthoud SAAR: Signaleer, Alarmeer 112,"
    " App, Reageer.\n"
    "2. Meld alleen wat de buurt moet weten. Geen discussies of gezellig gepraat.\n"
    "3. Beschuldig niemand. Deel foto's van mensen niet buiten de buurtgroep.\n"
    "4. Neem nooit zelf het recht in handen.\n"
    "5. We bewaren je naam, nummer en adres alleen voor de buurtpreventie."
    " 'stop' meldt je af, 'vergeet mij' wist je gegevens."
)
RULES_EN = (
    "BuurtAlert's house rules:\n"
    "1. In an emergency always call 112 first. Remember SAAR: Signal, Alarm 112,"
    " App, Respond.\n"
    "2. Only report what the neighbourhood needs to know. No discussions or chat.\n"
    "3. Accuse nobody and share no photos of people outside the group.\n"
    "4. Never take the law into your own hands.\n"
    "5. We keep your name, number and address only for the neighbourhood watch."
    " 'stop' signs you off, 'forget me' erases your data."
)


def _with_rules(nl: str, en: str) -> dict[str, str]:
    return {
        "nl": nl.replace("{rules}", RULES_NL),
        "en": en.replace("{rules}", RULES_EN),
    }


JOIN = {
    "membership.stranger": {
        "nl": "Hallo! Dit is BuurtAlert, de buurtpreventie in de gemeente Katwijk."
        " Wil je meedoen? Stuur 'aanmelden'. Bij nood: bel altijd eerst 112.",
        "en": "Hello! This is BuurtAlert, the neighbourhood watch of Katwijk."
        " Want to join? Send 'join'. In an emergency always call 112 first.",
    },
    "membership.ask_name": {
        "nl": "Leuk dat je meedoet! Wat is je voor- en achternaam?"
        " (Stoppen kan altijd met 'stop'.)",
        "en": "Great that you want to join! What is your first and last name?"
        " (You can always quit with 'stop'.)",
    },
    "membership.bad_name": {
        "nl": "Stuur je voor- en achternaam, met letters, zonder links of tekens."
        " Bijvoorbeeld: Joke de Vries.",
        "en": "Send your first and last name, in letters, without links or symbols."
        " For example: Joke de Vries.",
    },
    "membership.ask_address": {
        "nl": "Dank je, {first_name}. Wat is je adres? Stuur straat, huisnummer en"
        " postcode, bijvoorbeeld: Zeeweg 12, 2224 AB.",
        "en": "Thanks, {first_name}. What is your address? Send street, house number"
        " and postcode, for example: Zeeweg 12, 2224 AB.",
    },
    "membership.bad_address": {
        "nl": "Ik vind daarin geen postcode en huisnummer. Probeer het zo:"
        " Zeeweg 12, 2224 AB.",
        "en": "I can't find a postcode and house number in that. Try it like this:"
        " Zeeweg 12, 2224 AB.",
    },
    "membership.no_neighbourhood": {
        "nl": "Voor postcode {postcode} is er (nog) geen buurtgroep. BuurtAlert werkt"
        " in Katwijk, Rijnsburg en Valkenburg. Klopt je postcode niet? Stuur je"
        " adres opnieuw, of 'stop'.",
        "en": "There is no neighbourhood group for postcode {postcode} (yet)."
        " BuurtAlert covers Katwijk, Rijnsburg and Valkenburg. Postcode wrong?"
        " Send your address again, or 'stop'.",
    },
    "membership.one_neighbourhood": {
        "nl": "Je woont in de buurt {neighbourhood}. Klopt dat? Antwoord 'ja',"
        " of stuur de naam van je buurt.",
        "en": "You live in the neighbourhood {neighbourhood}. Is that right? Reply"
        " 'yes', or send the name of your neighbourhood.",
    },
    "membership.choose_neighbourhood": {
        "nl": "Je postcode hoort bij meer buurten. Welke is de jouwe? Stuur het"
        " nummer:\n{choices}",
        "en": "Your postcode fits more than one neighbourhood. Which is yours? Send"
        " the number:\n{choices}",
    },
    "membership.rules": _with_rules(
        "{rules}\n\nGa je akkoord met de huisregels en de privacyverklaring?"
        " Stuur 'akkoord'.",
        "{rules}\n\nDo you agree to the house rules and the privacy statement?"
        " Send 'agree'.",
    ),
    "membership.need_consent": {
        "nl": "Stuur 'akkoord' om je aan te melden, of 'stop' om te stoppen.",
        "en": "Send 'agree' to sign up, or 'stop' to quit.",
    },
    "membership.submitted": {
        "nl": "Dank je! Je aanmelding (code {code}) ligt bij de beheerders van"
        " {neighbourhood}. Je hoort het zodra ze hebben gekeken.",
        "en": "Thank you! Your request (code {code}) is with the admins of"
        " {neighbourhood}. You will hear from us once they have looked at it.",
    },
    "membership.already_member": {
        "nl": "Je bent al deelnemer van {neighbourhood}. Stuur 'hulp' voor wat je"
        " kunt doen.",
        "en": "You are already a member of {neighbourhood}. Send 'help' to see what"
        " you can do.",
    },
    "membership.already_pending": {
        "nl": "Je aanmelding wacht nog op een beheerder van {neighbourhood}. Je"
        " hoort het zodra die heeft gekeken.",
        "en": "Your request is still waiting for an admin of {neighbourhood}. You"
        " will hear from us once they have looked at it.",
    },
    "membership.confirm_hint": {
        "nl": "Wil je meedoen met BuurtAlert {neighbourhood}? Antwoord 'ja'."
        " Liever niet? Stuur 'stop'.",
        "en": "Do you want to join BuurtAlert {neighbourhood}? Reply 'yes'."
        " Rather not? Send 'stop'.",
    },
    "conversation.join.timeout": {
        "nl": "Je aanmelding is gestopt omdat het een dag stil bleef. Er is niets"
        " bewaard. Stuur 'aanmelden' om opnieuw te beginnen.",
        "en": "Your sign-up stopped because it was quiet for a day. Nothing was"
        " saved. Send 'join' to start again.",
    },
    "conversation.join.cancelled": {
        "nl": "Aanmelden gestopt. Er is niets bewaard.",
        "en": "Sign-up stopped. Nothing was saved.",
    },
}

INVITES = {
    "membership.confirm_web": _with_rules(
        "Hallo {first_name}, op de website is dit nummer aangemeld voor BuurtAlert"
        " {neighbourhood}.\n\n{rules}\n\nWil je meedoen? Antwoord 'ja'. Niet door"
        " jou gedaan? Negeer dit bericht; we sturen je dan niets meer.",
        "Hello {first_name}, this number was signed up on the website for"
        " BuurtAlert {neighbourhood}.\n\n{rules}\n\nDo you want to join? Reply"
        " 'yes'. Not you? Ignore this message; we won't send you anything else.",
    ),
    "membership.confirm_invite": _with_rules(
        "Hallo {first_name}, de beheerder van buurtgroep {neighbourhood} nodigt je"
        " uit voor BuurtAlert.\n\n{rules}\n\nWil je meedoen? Antwoord 'ja'. Liever"
        " niet? Negeer dit bericht; we sturen je dan niets meer.",
        "Hello {first_name}, the admin of the neighbourhood group {neighbourhood}"
        " invites you to BuurtAlert.\n\n{rules}\n\nDo you want to join? Reply"
        " 'yes'. Rather not? Ignore this message; we won't send you anything else.",
    ),
    "membership.signup_active": {
        "nl": "Iemand (misschien jij) wilde dit nummer op de website aanmelden,"
        " maar je bent al deelnemer. Je hoeft niets te doen.",
        "en": "Someone (perhaps you) tried to sign up this number on the website,"
        " but you are already a member. You don't need to do anything.",
    },
    "membership.signup_pending": {
        "nl": "Iemand (misschien jij) wilde dit nummer op de website aanmelden,"
        " maar je aanmelding wacht al op een beheerder. Je hoeft niets te doen.",
        "en": "Someone (perhaps you) tried to sign up this number on the website,"
        " but your request is already waiting for an admin. Nothing to do.",
    },
}

APPROVAL = {
    "membership.request": {
        "nl": "Nieuwe aanmelding voor {neighbourhood}: {name}, {street}"
        " (via {channel}).{username}\nGoedkeuren: goedkeuren {code}\n"
        "Afwijzen: afwijzen {code} [reden]",
        "en": "New request for {neighbourhood}: {name}, {street} (via {channel})."
        "{username}\nApprove: approve {code}\nReject: reject {code} [reason]",
    },
    "membership.channel.whatsapp": {"nl": "WhatsApp", "en": "WhatsApp"},
    "membership.channel.web": {"nl": "de website", "en": "the website"},
    "membership.username": {
        "nl": " Let op: aangemeld met een WhatsApp-gebruikersnaam, zonder"
        " telefoonnummer.",
        "en": " Note: signed up with a WhatsApp username, without a phone number.",
    },
    "membership.street_unknown": {"nl": "straat onbekend", "en": "street unknown"},
    "membership.approved_ack": {
        "nl": "Goedgekeurd: {name} is nu deelnemer van {neighbourhood}.",
        "en": "Approved: {name} is now a member of {neighbourhood}.",
    },
    "membership.rejected_ack": {
        "nl": "Afgewezen: {name} krijgt een vriendelijk bericht.",
        "en": "Rejected: {name} gets a polite message.",
    },
    "membership.approved_by": {
        "nl": "{code} ({name}) is goedgekeurd door {admin}.",
        "en": "{code} ({name}) was approved by {admin}.",
    },
    "membership.rejected_by": {
        "nl": "{code} ({name}) is afgewezen door {admin}.",
        "en": "{code} ({name}) was rejected by {admin}.",
    },
    "membership.already_decided": {
        "nl": "{code} is al afgehandeld door {admin}. Je hoeft niets te doen.",
        "en": "{code} was already handled by {admin}. Nothing to do.",
    },
    "membership.unknown_code": {
        "nl": "Ik ken geen aanmelding met code {code}.",
        "en": "I know no request with code {code}.",
    },
    "membership.not_confirmed": {
        "nl": "{code} is nog niet bevestigd door de aanvrager zelf.",
        "en": "{code} has not been confirmed by the applicant yet.",
    },
    "membership.not_yours": {
        "nl": "Dat gaat over {neighbourhood}; dat regelen de beheerders daar of een"
        " coördinator.",
        "en": "That concerns {neighbourhood}; its admins or a coordinator handle it.",
    },
    "membership.welcome": _with_rules(
        "Welkom bij BuurtAlert {neighbourhood}, {first_name}!\n\n{rules}\n\nZie je"
        " iets verdachts? Stuur het mij en ik geef het door. Stuur 'hulp' voor"
        " alles wat je kunt doen.",
        "Welcome to BuurtAlert {neighbourhood}, {first_name}!\n\n{rules}\n\nSee"
        " something suspicious? Send it to me and I pass it on. Send 'help' for"
        " everything you can do.",
    ),
    "membership.rejected": {
        "nl": "Bedankt voor je aanmelding bij BuurtAlert {neighbourhood}. Helaas is"
        " die niet goedgekeurd.{reason} Vragen? Vraag het een beheerder van je"
        " buurt.",
        "en": "Thank you for your request to join BuurtAlert {neighbourhood}."
        " Unfortunately it was not approved.{reason} Questions? Ask an admin of"
        " your neighbourhood.",
    },
    "membership.reason": {"nl": " Reden: {reason}", "en": " Reason: {reason}"},
}

SIGNUP = {
    "signup.error.name": {
        "nl": "Vul je voor- en achternaam in.",
        "en": "Fill in your first and last name.",
    },
    "signup.error.name_characters": {
        "nl": "Vul je naam in met letters, zonder links of tekens.",
        "en": "Fill in your name in letters, without links or symbols.",
    },
    "signup.error.characters": {
        "nl": "Hier staat een teken dat we niet kunnen lezen. Typ het opnieuw.",
        "en": "This holds a character we cannot read. Please type it again.",
    },
    "signup.error.phone": {
        "nl": "Dit is geen geldig telefoonnummer. Bijvoorbeeld: 06 1234 5678.",
        "en": "This is not a valid phone number. For example: 06 1234 5678.",
    },
    "signup.error.street": {"nl": "Vul je straat in.", "en": "Fill in your street."},
    "signup.error.house_number": {
        "nl": "Vul je huisnummer in, bijvoorbeeld 12 of 12a.",
        "en": "Fill in your house number, for example 12 or 12a.",
    },
    "signup.error.postcode": {
        "nl": "Een postcode is vier cijfers en twee letters, bijvoorbeeld 2224 AB.",
        "en": "A postcode is four digits and two letters, for example 2224 AB.",
    },
    "signup.error.neighbourhood": {
        "nl": "Kies je buurt.",
        "en": "Choose your neighbourhood.",
    },
    "signup.error.no_neighbourhood": {
        "nl": "Voor deze postcode is er (nog) geen buurtgroep. BuurtAlert werkt in"
        " Katwijk, Rijnsburg en Valkenburg.",
        "en": "There is no neighbourhood group for this postcode (yet). BuurtAlert"
        " covers Katwijk, Rijnsburg and Valkenburg.",
    },
    "signup.error.consent": {
        "nl": "Je kunt alleen meedoen als je akkoord gaat met de huisregels en de"
        " privacyverklaring.",
        "en": "You can only join if you agree to the house rules and the privacy"
        " statement.",
    },
    "signup.error.expired": {
        "nl": "Het formulier was verlopen. Controleer je gegevens en verstuur het"
        " opnieuw.",
        "en": "The form had expired. Check your details and send it again.",
    },
}
