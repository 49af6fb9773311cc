from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.audit import AuditEntry, record
from models.network import Person, coordinators, person_by_address


def test_record_keeps_actor_subject_and_detail(network: Session) -> None:
    actor = coordinators(network)[0]
    subject = person_by_address(network, "whatsapp:+31612341011")

    entry = record(network, actor, "member.approve", subject=subject, via="chat")
    network.commit()

    assert entry.actor_id == actor.id
    assert entry.actor_role == "coordinator"
    assert entry.subject_person_id is not None
    assert entry.detail == {"via": "chat"}
    assert entry.at.tzinfo is not None


def test_record_without_actor_is_the_system(network: Session) -> None:
    entry = record(network, None, "network.import", alert_id=17)
    network.flush()

    assert entry.actor_role == "system"
    assert entry.alert_id == 17


def test_erased_person_leaves_anonymous_trace(network: Session) -> None:
    actor = coordinators(network)[0]
    subject = person_by_address(network, "whatsapp:+31612341011")
    record(network, actor, "member.remove", subject=subject)
    network.commit()

    network.delete(subject)
    network.commit()
    network.expire_all()

    entry = network.scalars(select(AuditEntry)).one()
    assert entry.subject_person_id is None
    assert entry.actor_id == actor.id
    assert entry.action == "member.remove"
    assert network.get(Person, actor.id) is not None
