"""Leaving, seeing and erasing one's data, and the retention period."""

from __future__ import annotations

from sqlalchemy import select

from bot import contacts
from bot.conversations import ConversationState
from bot.inbound import InboundMessage
from handlers.membership.privacy import purge
from models.audit import AuditEntry
from tests import twilio_forms
from tests.handlers.membership.helpers import JOKE, KEES, NEWCOMER, person

KEES_ADDRESS = f"whatsapp:{KEES}"


def test_stop_confirms_once_and_then_silence(katwijk_whatsapp):
    katwijk_whatsapp.send(KEES, "stop")
    katwijk_whatsapp.send(KEES, "hallo?")
    katwijk_whatsapp.send(JOKE, "toevoegen 0612341011 Kees Varkevisser")

    (confirmation,) = katwijk_whatsapp.inbox(KEES)
    assert confirmation.startswith("Je bent afgemeld.")
    assert person(katwijk_whatsapp.bot, KEES).status == "left"
    assert "afgemeld" in katwijk_whatsapp.last(JOKE)


def test_aanmelden_after_stop_starts_again(katwijk_whatsapp):
    katwijk_whatsapp.send(KEES, "afmelden")

    katwijk_whatsapp.send(KEES, "aanmelden")

    assert katwijk_whatsapp.last(KEES).startswith("Leuk dat je meedoet!")
    with katwijk_whatsapp.bot.db.transaction() as session:
        assert contacts.opted_out(session, [KEES_ADDRESS]) == set()


def test_twilio_21610_counts_as_stop(katwijk_whatsapp):
    katwijk_whatsapp.send(KEES, "mijn gegevens")
    katwijk_whatsapp.deliver()
    sid = next(s for s, m in katwijk_whatsapp.transport.sent if m.to == KEES_ADDRESS)

    katwijk_whatsapp.post(
        "/twilio/status", twilio_forms.status(sid, "failed", KEES_ADDRESS, "21610")
    )

    assert person(katwijk_whatsapp.bot, KEES).status == "left"
    with katwijk_whatsapp.bot.db.transaction() as session:
        assert contacts.opted_out(session, [KEES_ADDRESS]) == {KEES_ADDRESS}


def test_my_data_shows_everything_stored(katwijk_whatsapp):
    katwijk_whatsapp.send(KEES, "mijn gegevens")

    data = katwijk_whatsapp.last(KEES)
    for expected in (
        "naam: Kees Varkevisser",
        "telefoon: +31612341011",
        "adres: Voorbeeldlaan 7, 2224 AA Katwijk",
        "buurt: Hoornes",
        "berichten van jou bewaard: 1",
    ):
        assert expected in data


def test_stranger_hears_nothing_is_stored(katwijk_whatsapp):
    katwijk_whatsapp.send(NEWCOMER, "my data")

    assert "geen naam, nummer of adres" in katwijk_whatsapp.last(NEWCOMER)


def test_forget_me_erases_and_leaves_an_anonymous_trace(katwijk_whatsapp):
    katwijk_whatsapp.send(KEES, "mijn gegevens")
    katwijk_whatsapp.send(KEES, "aanmelden")

    katwijk_whatsapp.send(KEES, "vergeet mij")

    assert katwijk_whatsapp.last(KEES).startswith("Je gegevens zijn gewist.")
    assert person(katwijk_whatsapp.bot, KEES) is None
    with katwijk_whatsapp.bot.db.transaction() as session:
        messages = session.scalars(select(InboundMessage)).all()
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        conversation = session.get(ConversationState, KEES_ADDRESS)
        assert [(m.sender, m.form) for m in messages] == [("erased", {})] * 3
        assert conversation is None
        assert [(e.action, e.subject_person_id, e.actor_id) for e in entries] == [
            ("privacy.export", None, None),
            ("privacy.erase", None, None),
        ]


def test_people_who_left_are_erased_after_the_retention(katwijk_whatsapp, clock):
    katwijk_whatsapp.send(KEES, "stop")
    bot = katwijk_whatsapp.bot

    clock.advance(days=29)
    purge(bot)
    kept = person(bot, KEES)
    clock.advance(days=2)
    purge(bot)

    assert kept is not None
    assert person(bot, KEES) is None
    assert person(bot, JOKE) is not None


def test_retention_comes_from_the_config(make_bot, whatsapp_for, clock):
    from models.network_import import import_network, load_network_file
    from tests.handlers.conftest import KATWIJK_FILE

    bot = make_bot(clock=clock, privacy={"retention": "7d"})
    with bot.db.transaction() as session:
        import_network(session, load_network_file(KATWIJK_FILE))
    whatsapp_for(bot).send(KEES, "stop")

    clock.advance(days=8)
    purge(bot)

    assert person(bot, KEES) is None


def test_unconfirmed_invitations_are_erased_after_the_retention(
    katwijk_whatsapp, clock
):
    katwijk_whatsapp.send(JOKE, "toevoegen 0687654321 Nina Zeeman")

    clock.advance(days=31)
    purge(katwijk_whatsapp.bot)

    assert person(katwijk_whatsapp.bot, NEWCOMER) is None
