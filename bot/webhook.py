"""Twilio's webhooks: inbound WhatsApp messages and status callbacks."""

from __future__ import annotations

import logging
import re
import secrets
from typing import Any

from flask import Blueprint, Response, current_app, request
from twilio.request_validator import RequestValidator

from bot import contacts, delivery, inbound, outbox
from bot.context import Context
from bot.errors import BadRequest
from bot.outbox import Outgoing
from bot.privacy import mask_phone
from bot.update import parse_form

log = logging.getLogger(__name__)
blueprint = Blueprint("twilio", __name__)
_SID = re.compile(r"^(SM|MM)[0-9a-fA-F]{32}$")

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def _twiml(status: int = 200) -> Response:
    return Response(EMPTY_TWIML, status=status, content_type="text/xml; charset=utf-8")


def _bot() -> Any:
    return current_app.extensions["bot"]


def _signed_url() -> str:
    """The URL Twilio signed: the configured public URL, not Flask's guess.

    Behind a proxy Flask sees another host and scheme than Twilio called.
    """
    base = _bot().config.bot.public_url.rstrip("/")
    query = request.query_string.decode("utf-8", "replace")

    return base + request.path + (f"?{query}" if query else "")


def _signature_ok(form: dict[str, str]) -> bool:
    bot = _bot()
    if not bot.config.twilio.validate_signature:
        return True
    signature = request.headers.get("X-Twilio-Signature", "")
    validator = RequestValidator(bot.config.twilio.auth_token)
    if signature and validator.validate(_signed_url(), form, signature):
        return True

    log.warning(
        "refused %s from %s: %s signature",
        request.path,
        request.remote_addr,
        "wrong" if signature else "no",
    )
    return False


def _form() -> dict[str, str] | None:
    """The posted fields, or None when the body is not a form we can read."""
    if request.mimetype != "application/x-www-form-urlencoded":
        return None

    return request.form.to_dict()


def _signed_form() -> dict[str, str] | Response:
    """The posted fields of a request Twilio signed; else the answer to give."""
    form = _form()
    if form is None:
        return _twiml(400)
    if not _signature_ok(form):
        return _twiml(403)

    return form


@blueprint.post("/twilio/whatsapp")
def whatsapp() -> Response:
    form = _signed_form()
    if isinstance(form, Response):
        return form
    bot = _bot()
    try:
        update = parse_form(form, now=bot.clock())
    except BadRequest as err:
        log.warning("refused inbound message: %s", err)
        return _twiml(400)

    log.info("received %s from %s", update.message_sid, mask_phone(update.sender))
    handle(bot, update, form)
    bot.wake.set()

    return _twiml()


def handle(bot: Any, update: Any, form: dict[str, str]) -> None:
    """Store, dispatch and commit one update, in one transaction.

    When the handler fails, that transaction is rolled back whole; a second
    one stores the message as failed, with an apology to the sender.
    """
    try:
        with bot.db.transaction() as session:
            if not inbound.store(session, update.message_sid, update.sender, form):
                log.info("message %s was handled before", update.message_sid)
                return
            contacts.touch(session, update.sender, update.received_at)
            sender = bot.resolve_sender(session, update)
            ctx = Context(bot, session, update, sender, update.received_at)
            bot.dispatcher.dispatch(ctx)
    except Exception:
        _report_failure(bot, update, form)


def _report_failure(bot: Any, update: Any, form: dict[str, str]) -> None:
    ref = secrets.token_hex(4)
    log.exception("handler failed for message %s (ref %s)", update.message_sid, ref)
    with bot.db.transaction() as session:
        if not inbound.store(
            session, update.message_sid, update.sender, form, "failed", ref
        ):
            return  # a concurrent delivery of the same message got there first
        contacts.touch(session, update.sender, update.received_at)
        language = bot.resolve_sender(session, update).language
        apology = bot.texts.get("error.apology", language, ref=ref)
        message = Outgoing(update.sender, apology, kind="reply")
        outbox.enqueue(session, [message], update.received_at)


@blueprint.post("/twilio/status")
def status() -> Response:
    form = _signed_form()
    if isinstance(form, Response):
        return form

    bot = _bot()
    sid = form.get("MessageSid", "")
    state = form.get("MessageStatus", "")
    if not _SID.match(sid):
        return _twiml(400)
    code = _error_code(form.get("ErrorCode", ""))
    policy = bot.delivery_policy()
    with bot.db.transaction() as session:
        row = delivery.record_status(session, sid, state, code, policy)
        again = row is not None and row.state == "pending"
    if again:
        bot.wake.set()  # sent again: as a template, or later

    return Response("", status=204)


def _error_code(text: str) -> int | None:
    """Twilio's error codes have five digits; anything else is no code."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 6 else None
