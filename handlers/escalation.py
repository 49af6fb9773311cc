"""Escalation chains: nudging admins until someone takes an alert on.

The alerts code calls :func:`start_chain` when an alert is given to a
neighbourhood (or to nobody yet: then the coordinators are nudged) and
:func:`stop_chain` when someone acknowledges it. One periodic job,
``escalation.fire_due``, fires the steps that fell due. Each step is fired
in its own transaction: claim, re-check that the alert still waits, queue
the nudges, mark the step fired and give the next step its due time.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.config import Duration
from bot.outbox import enqueue
from bot.registry import Registry
from handlers import availability, nudges
from models.alerts import Alert
from models.escalation import (
    AUDIENCES,
    EscalationStep,
    cancel_pending,
    chain_of,
    claim_next_due,
    last_chain,
    next_step,
    nudged_people,
)
from models.network import Neighbourhood, Person

log = logging.getLogger(__name__)

__all__ = ["fire_due", "nudged_people", "start_chain", "stop_chain"]

# How many steps one run of the job fires at most, so that it ends.
MAX_PER_RUN = 1000


@dataclass
class StepConfig:
    """One ``[[escalation.step]]``: whom to nudge, and the wait until the next."""

    notify: str
    wait: Duration = field(default_factory=lambda: Duration(0))


def _default_steps() -> list[StepConfig]:
    return [
        StepConfig("primary", Duration(minutes=5)),
        StepConfig("backups", Duration(minutes=10)),
        StepConfig("coordinators", Duration(minutes=30)),
        StepConfig("admin_group"),
    ]


@dataclass
class EscalationSection:
    remind_every: Duration = field(default_factory=lambda: Duration(minutes=30))
    max_reminders: int = 3
    check_every: Duration = field(default_factory=lambda: Duration(seconds=1))
    step: list[StepConfig] = field(default_factory=_default_steps)

    def check(self) -> list[str]:
        problems = [
            f"[escalation] step[{number}].notify = {step.notify!r}: expected"
            f" one of {', '.join(AUDIENCES)}"
            for number, step in enumerate(self.step, start=1)
            if step.notify not in AUDIENCES
        ]
        if not self.step:
            problems.append("[escalation] step: expected at least one step")
        if self.max_reminders < 0:
            problems.append(
                f"[escalation] max_reminders = {self.max_reminders!r}:"
                " expected 0 or more"
            )
        if self.remind_every.total_seconds() <= 0:
            problems.append("[escalation] remind_every: expected more than 0s")
        if self.check_every.total_seconds() <= 0:
            problems.append("[escalation] check_every: expected more than 0s")

        return problems


def settings(config: Any) -> EscalationSection:
    """The ``[escalation]`` section of ``config`` (or the section itself)."""
    if isinstance(config, EscalationSection):
        return config

    return config.section("escalation", EscalationSection)


def start_chain(
    session: Session,
    alert: Alert,
    neighbourhood: Neighbourhood | None,
    now: dt.datetime,
    config: Any,
) -> list[EscalationStep]:
    """Copy the chain in force onto ``alert``; its first step is due ``now``.

    A chain already running on the alert is cancelled first. Without a
    neighbourhood the chain runs on the coordinators.
    """
    if alert.id is None:
        session.flush()
    cancel_pending(session, alert.id)

    chain = last_chain(session, alert.id) + 1
    rows = _copy_chain(settings(config), alert.id, neighbourhood, now)
    for row in rows:
        row.chain = chain
    session.add_all(rows)
    session.flush()
    log.debug("alert %s: chain of %d steps started", alert.id, len(rows))

    return rows


def _copy_chain(
    section: EscalationSection,
    alert_id: int,
    neighbourhood: Neighbourhood | None,
    now: dt.datetime,
) -> list[EscalationStep]:
    remind = section.remind_every.total_seconds()
    last = section.step[-1]
    plan = [
        ("step", step.notify, remind if step is last else step.wait.total_seconds())
        for step in section.step
    ]
    plan += [("reminder", last.notify, remind)] * section.max_reminders

    return [
        EscalationStep(
            alert_id=alert_id,
            neighbourhood_id=neighbourhood.id if neighbourhood else None,
            position=position,
            kind=kind,
            notify=notify,
            wait_seconds=wait,
            due_at=now if position == 1 else None,
            state="pending",
            sent_to=[],
        )
        for position, (kind, notify, wait) in enumerate(plan, start=1)
    ]


def stop_chain(
    session: Session, alert: Alert, by_person: Person | None, now: dt.datetime
) -> int:
    """Stop every pending step of ``alert``; returns how many were stopped.

    The people nudged so far hear who took the alert on: a ``taken`` row,
    due at once, that the job sends within a moment. Call it in the same
    transaction as the acknowledgement.
    """
    stopped = cancel_pending(session, alert.id)
    if nudged_people(session, alert):
        session.add(
            EscalationStep(
                alert_id=alert.id,
                chain=last_chain(session, alert.id),
                position=0,
                kind="taken",
                notify="nudged",
                due_at=now,
                state="pending",
                sent_to=[],
                taken_by_id=by_person.id if by_person else None,
            )
        )
    log.debug("alert %s: chain stopped, %d steps cancelled", alert.id, stopped)

    return stopped


def may_stop(person: Person, alert_neighbourhood_id: int | None) -> bool:
    """Whether ``person`` may take on an alert of that neighbourhood."""
    if person.status != "active":
        return False
    if person.role == "coordinator":
        return True

    return person.is_admin and person.neighbourhood_id == alert_neighbourhood_id


def fire_due(bot: Any, limit: int = MAX_PER_RUN) -> int:
    """Fire every step that is due; returns how many fired.

    The periodic job ``escalation.fire_due``; safe to run in any number of
    workers at once.
    """
    now = bot.clock()
    worker = f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"
    busy: set[int] = set()
    fired = handled = 0
    while handled < limit:
        with bot.db.transaction() as session:
            step = claim_next_due(session, now, busy)
            if step is None:
                break
            outcome = _fire(bot, session, step, now, worker)
        handled += 1
        fired += outcome == "fired"
        if outcome == "busy":
            busy.add(step.id)
    if fired:
        bot.wake.set()

    return fired


def _fire(
    bot: Any, session: Session, step: EscalationStep, now: dt.datetime, worker: str
) -> str:
    """Fire ``step``: ``fired``; ``stopped`` when its alert no longer waits;
    ``busy`` when another transaction holds the alert (it is tried again on
    the next run, so a nudge never races an acknowledgement).
    """
    alert = session.scalars(
        select(Alert).where(Alert.id == step.alert_id).with_for_update(skip_locked=True)
    ).first()
    if alert is None:
        return "busy"

    if step.kind == "taken":
        people = nudged_people(session, alert)
        enqueue(session, nudges.taken_notices(bot, alert, step.taken_by, people), now)
    elif alert.state != "open":
        cancel_pending(session, alert.id)
        return "stopped"
    else:
        people = _nudge(bot, session, alert, step, now)

    step.state = "fired"
    step.fired_at = now
    step.claimed_by = worker[:100]
    step.claimed_at = now
    step.sent_to = [person.id for person in people]

    return "fired"


def _nudge(
    bot: Any, session: Session, alert: Alert, step: EscalationStep, now: dt.datetime
) -> list[Person]:
    """Queue the nudges of ``step`` and give the next step its due time."""
    people = nudges.audience(session, step.notify, step.neighbourhood, now)
    reminder = _reminder_number(session, step) if step.kind == "reminder" else None
    enqueue(session, nudges.nudges(bot, alert, step, people, now, reminder), now)
    alert.record(
        "nudged", at=now, step=step.position, notify=step.notify, people=len(people)
    )

    following = next_step(session, step)
    if following is not None:
        assert step.due_at is not None
        # UTC arithmetic: the next step is due a fixed span after this one.
        following.due_at = step.due_at + step.wait
    log.info(
        "alert %s: step %s (%s) nudged %d people",
        alert.id,
        step.position,
        step.notify,
        len(people),
    )

    return people


def _reminder_number(session: Session, step: EscalationStep) -> tuple[int, int]:
    """Which reminder ``step`` is, and of how many."""
    chain = [
        row
        for row in chain_of(session, step.alert)
        if row.chain == step.chain and row.kind == "reminder"
    ]
    positions = sorted(row.position for row in chain)

    return positions.index(step.position) + 1, len(positions)


def setup(registry: Registry) -> None:
    registry.config_section("escalation", EscalationSection)
    registry.texts.add(nudges.TEXTS)
    availability.setup(registry)
    registry.job(
        "escalation.fire_due",
        lambda config: settings(config).check_every.total_seconds(),
        _fire_due_job,
    )


def _fire_due_job(bot: Any) -> None:
    fire_due(bot)
