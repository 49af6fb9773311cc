"""Who is writing: a person of the network, turned into the framework's roles."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.config import Config
from bot.registry import Sender
from bot.update import Update
from handlers.police_config import PoliceSection
from models.network import Person, person_by_address

# Roles a command can ask for. "admin" is a primary or backup admin; admins
# and coordinators are residents too, so their free text is a report.
ROLE_SETS = {
    "police": {"police"},
    "coordinator": {"coordinator", "member"},
    "primary": {"primary", "admin", "member"},
    "backup": {"backup", "admin", "member"},
    "member": {"member"},
}
ADMINS = frozenset({"admin", "coordinator"})
COORDINATORS = frozenset({"coordinator"})


def roles_of(person: Person | None) -> frozenset[str]:
    if person is None:
        return frozenset({"stranger"})
    if person.status in ("pending", "invited"):
        return frozenset({"applicant"})
    if person.status != "active":
        return frozenset({"stranger"})

    return frozenset(ROLE_SETS.get(person.role, {"stranger"}))


def resolve(session: Session, update: Update, config: Config) -> Sender:
    """The framework's sender for ``update``: roles, language, person.

    A number listed in ``[police] numbers`` is the control room, whatever the
    network file or a sign-up says of it.
    """
    person = person_by_address(session, update.sender)
    police = config.section("police", PoliceSection).knows(update.sender)
    return Sender(
        address=update.sender,
        roles=frozenset({"police"}) if police else roles_of(person),
        language=person.language if person else None,
        person_id=person.id if person else None,
        name=person.first_name if person else "",
    )


def person_of(session: Session, sender: Sender) -> Person | None:
    return session.get(Person, sender.person_id) if sender.person_id else None
