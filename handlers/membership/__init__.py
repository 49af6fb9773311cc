"""Membership and privacy: joining, approval, member lists, leaving, erasure.

WhatsApp asks for a documented opt-in before a business messages someone;
the AVG applies to every name, phone number and address kept here.
"""

from __future__ import annotations

import datetime as dt

from bot.registry import Arg, Command, Conversation, Registry
from handlers.membership import approval, join, members, privacy
from handlers.membership.texts import APPROVAL, INVITES, JOIN, SIGNUP
from handlers.membership.texts_more import COMMANDS, MEMBERS, PRIVACY
from models.personal_data import PrivacySection

ADMINS = frozenset({"admin", "coordinator"})


def setup(registry: Registry) -> None:
    """Register membership's texts, commands, conversation, jobs and pages."""
    for texts in (JOIN, INVITES, APPROVAL, SIGNUP, MEMBERS, PRIVACY, COMMANDS):
        registry.texts.add(texts)
    registry.config_section("privacy", PrivacySection)
    _commands(registry)
    registry.conversation(
        Conversation(
            join.CONVERSATION,
            {
                "name": join.got_name,
                "address": join.got_address,
                "neighbourhood": join.got_neighbourhood,
                "consent": join.got_consent,
            },
            timeout=dt.timedelta(days=1),
            cancel_words=("stop", "terug", "cancel", "back"),
        )
    )
    registry.default("stranger", join.welcome_stranger)
    registry.default("applicant", join.answer_applicant)
    registry.opt_out(privacy.opted_out)
    registry.job("privacy.purge", privacy.PURGE_EVERY, privacy.purge)
    _cli_and_pages(registry)


def _commands(registry: Registry) -> None:
    code = Arg("code")
    for command in (
        Command("aanmelden", join.join, aliases=("join",)),
        Command("stop", privacy.leave, aliases=("afmelden", "leave")),
        # Privacy requests are answered even in the middle of joining.
        Command(
            "mijn gegevens", privacy.my_data, aliases=("my data",), interrupts=True
        ),
        Command(
            "vergeet mij", privacy.forget_me, aliases=("forget me",), interrupts=True
        ),
        Command("goedkeuren", approval.approve, ("approve",), ADMINS, (code,)),
        Command(
            "afwijzen",
            approval.reject,
            ("reject",),
            ADMINS,
            (code, Arg("reason", optional=True, greedy=True)),
        ),
        Command(
            "leden",
            members.list_members,
            ("members",),
            ADMINS,
            (Arg("rest", optional=True, greedy=True),),
        ),
        Command(
            "toevoegen",
            members.add_member,
            ("add",),
            ADMINS,
            (Arg("rest", optional=True, greedy=True),),
        ),
        Command(
            "verwijder",
            members.remove_member,
            ("remove",),
            ADMINS,
            (Arg("who", greedy=True),),
        ),
    ):
        registry.command(command)


def _cli_and_pages(registry: Registry) -> None:
    from handlers.membership.cli import members_group

    registry.cli(members_group)
