"""The website sign-up: ``GET/POST /aanmelden`` and ``GET /privacy``.

Submitting the form only asks the person, on WhatsApp, to confirm with
``ja`` (double opt-in). The page says the same for every number, so that it
tells a stranger nothing about who is a member.
"""

from __future__ import annotations

import datetime as dt
import hmac
import logging
import secrets
from typing import Any

from flask import (
    Blueprint,
    Response,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import contacts, outbox
from bot.outbox import OutboxMessage, Outgoing
from handlers.membership.common import police_phones
from models import membership
from models.errors import InvalidValue
from models.network import Town, neighbourhoods_for_postcode
from models.personal_data import PrivacySection
from models.phones import whatsapp_address
from web.signup_form import validate

log = logging.getLogger(__name__)
blueprint = Blueprint("signup", __name__, template_folder="templates")

# What the applicant reads on WhatsApp, by what the sign-up found.
MESSAGES = {
    "invited": "membership.confirm_web",
    "active": "membership.signup_active",
    "staff": "membership.signup_active",
    "pending": "membership.signup_pending",
}


WEB_TOPIC = "signup:web"


def _bot() -> Any:
    return current_app.extensions["bot"]


def _csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)

    return str(session["csrf"])


def _csrf_ok() -> bool:
    expected = session.get("csrf", "")
    given = request.form.get("csrf", "")

    return bool(expected) and hmac.compare_digest(str(expected), given)


def _towns(db: Session) -> list[Town]:
    return list(db.scalars(select(Town).order_by(Town.name)))


def _page(values: dict[str, str], errors: dict[str, str], status: int = 200) -> Any:
    bot = _bot()
    with bot.db.transaction() as db:
        html = render_template(
            "signup.html",
            towns=_towns(db),
            values=values,
            errors=errors,
            csrf=_csrf_token(),
        )

    return Response(html, status=status)


@blueprint.get("/aanmelden")
def form() -> Any:
    return _page({}, {})


@blueprint.post("/aanmelden")
def submit() -> Any:
    values = {k: request.form.get(k, "").strip() for k in request.form if k != "csrf"}
    if not _csrf_ok():
        return _page(values, {"form": _text("signup.error.expired")}, 400)
    session.pop("csrf", None)  # one use: the next page gets a new token

    bot = _bot()
    with bot.db.transaction() as db:
        applicant, errors = validate(db, values, _text)
        if applicant is not None:
            _sign_up(bot, db, applicant)
    if applicant is None:
        return _page(values, errors, 422)
    bot.wake.set()

    return redirect(url_for("signup.sent"), code=303)


def _sign_up(bot: Any, db: Session, applicant: membership.Applicant) -> None:
    """Invite ``applicant``, or tell them where they stand: one message an
    hour at most, and none at all to the police."""
    assert applicant.phone is not None
    address = whatsapp_address(applicant.phone)
    police = police_phones(bot.config)
    now = bot.clock()
    if applicant.phone in police or _messaged_lately(db, address, now):
        log.info("web sign-up for %s: not sent", applicant.neighbourhood.slug)
        return

    opted_out = bool(contacts.opted_out(db, [address]))
    outcome, person, _request = membership.invite(
        db, applicant, "web", now, opted_out=opted_out, police=police
    )
    log.info("web sign-up for %s: %s", applicant.neighbourhood.slug, outcome)
    key = MESSAGES.get(outcome)
    if key is None or person is None:
        return

    body = bot.texts.get(
        key,
        person.language,
        first_name=person.first_name,
        neighbourhood=applicant.neighbourhood.name,
    )
    message = Outgoing(address, body, kind="notice", topic=_topic(now))
    outbox.enqueue(db, [message], now)


def _topic(now: dt.datetime) -> str:
    """One web message per number per clock hour, even for simultaneous posts."""
    return f"{WEB_TOPIC}:{int(now.timestamp()) // 3600}"


def _messaged_lately(db: Session, address: str, now: dt.datetime) -> bool:
    """Whether the website made us message ``address`` within the hour."""
    query = select(OutboxMessage.id).where(
        OutboxMessage.recipient == address,
        OutboxMessage.topic.startswith(f"{WEB_TOPIC}:"),
        OutboxMessage.created_at > now - membership.REASK_AFTER,
    )

    return db.scalars(query.limit(1)).first() is not None


def _text(key: str, **values: Any) -> str:
    return str(_bot().texts.get(key, None, **values))


@blueprint.get("/aanmelden/verstuurd")
def sent() -> str:
    return render_template("signup_sent.html")


@blueprint.get("/aanmelden/buurt")
def neighbourhood_for() -> Any:
    """The neighbourhoods that fit ``?postcode=``, for the form's pre-selection."""
    with _bot().db.transaction() as db:
        try:
            fits = neighbourhoods_for_postcode(db, request.args.get("postcode", ""))
        except InvalidValue:
            fits = []
        found = [{"slug": n.slug, "name": n.name} for n in fits]

    return jsonify(neighbourhoods=found)


@blueprint.get("/privacy")
def privacy() -> str:
    retention = _bot().config.section("privacy", PrivacySection).retention
    return render_template("privacy.html", retention_days=retention.days)
