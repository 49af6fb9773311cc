"""``/demo``: a WhatsApp simulator for the demo network.

Pick a person, read their conversation with the bot, type as them and tap
quick-reply buttons. What they send is built and signed as Twilio would and
posted over HTTP to the app's own ``/twilio/whatsapp``, so it travels the
real path. Served only when ``[demo] enabled = true``; else every page of it
answers 404.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, current_app, jsonify, render_template, request
from flask.typing import ResponseReturnValue

from bot.privacy import mask_phone
from models.errors import InvalidPhone
from models.phones import normalize_phone, whatsapp_address
from web import chat, people
from web.twilio_form import inbound_form, post_signed

log = logging.getLogger(__name__)
blueprint = Blueprint(
    "demo",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/demo/static",
)
_ADDRESS = re.compile(r"^whatsapp:\+[1-9]\d{6,14}$")
PHOTO_PATH = "/demo/static/photo.png"
MAX_TEXT = 1600


@dataclass
class DemoSection:
    """``[demo]``: the simulator's switch. Only ``python -m bot demo`` sets it."""

    enabled: bool = False


def _bot() -> Any:
    return current_app.extensions["bot"]


@blueprint.before_request
def only_in_demo_mode() -> None:
    if not _bot().config.section("demo", DemoSection).enabled:
        abort(404)


@blueprint.get("/demo")
def page() -> ResponseReturnValue:
    with _bot().db.transaction() as session:
        entries = people.everyone(session)

    return render_template("demo.html", groups=people.grouped(entries))


@blueprint.get("/demo/api/people")
def people_json() -> ResponseReturnValue:
    with _bot().db.transaction() as session:
        entries = people.everyone(session)

    return jsonify(people=[entry.as_json() for entry in entries])


@blueprint.get("/demo/api/chat")
def chat_json() -> ResponseReturnValue:
    address = _address(request.args.get("address", ""))
    with _bot().db.transaction() as session:
        messages = chat.conversation(session, address)

    return jsonify(address=address, messages=[m.as_json() for m in messages])


@blueprint.post("/demo/api/send")
def send() -> ResponseReturnValue:
    """Post one message as the chosen person; answers the webhook's status."""
    data = request.get_json(silent=True) or {}
    address = _address(str(data.get("address", "")))
    form = _form_for(address, data)
    bot = _bot()
    url = bot.config.bot.public_url.rstrip("/") + "/twilio/whatsapp"
    status = post_signed(url, form, bot.config.twilio.auth_token)
    log.info("simulator posted as %s: %s", mask_phone(address), status)

    return jsonify(status=status, sid=form["MessageSid"]), 200 if status < 300 else 502


def _form_for(address: str, data: dict[str, Any]) -> dict[str, str]:
    body = str(data.get("body", ""))[:MAX_TEXT]
    name = str(data.get("name") or "Buur")[:100]
    button = data.get("button")
    if isinstance(button, dict):
        tap = (str(button.get("payload", "")), str(button.get("title", "")))
        return inbound_form(address, profile_name=name, button=tap)
    if data.get("photo"):
        photo = _bot().config.bot.public_url.rstrip("/") + PHOTO_PATH
        return inbound_form(address, body, name, media=((photo, "image/png"),))
    if not body.strip():
        abort(400, "empty message")

    return inbound_form(address, body, name)


def _address(text: str) -> str:
    """A WhatsApp address from a number in any common spelling, else 400."""
    text = text.strip()
    if _ADDRESS.match(text):
        return text
    try:
        return whatsapp_address(normalize_phone(text.removeprefix("whatsapp:")))
    except InvalidPhone:
        abort(400, "not a phone number")
