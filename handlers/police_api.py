"""``POST /api/v1/alerts``: the police control room's systems raise an alert.

The body is JSON: ``{"text": ..., "postcode": ..., "neighbourhood": ...}``
(only ``text`` is required), with ``Authorization: Bearer <token>`` where the
token is ``[police] api_token``. The effect is that of a police WhatsApp
message. Answers 201 ``{"alert": 17, "suggested": "hoornes"}``; 401 without
the right token (always, when no token is configured); 422 naming the field
that is wrong.
"""

from __future__ import annotations

import hmac
import logging
from typing import Any

from flask import Blueprint, current_app, jsonify, request
from flask.typing import ResponseReturnValue

from bot.registry import Registry
from bot.update import clean
from handlers.fanout import Desk
from handlers.police import raise_police_alert
from handlers.police_config import PoliceSection
from models.errors import InvalidPostcode
from models.network import find_neighbourhood
from models.postcodes import normalize_postcode

log = logging.getLogger(__name__)
blueprint = Blueprint("police_api", __name__)

MAX_TEXT = 4096


class Unprocessable(Exception):
    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(message)


def _authorised(bot: Any) -> bool:
    token = bot.config.section("police", PoliceSection).api_token
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if not token or scheme.lower() != "bearer" or not given:
        return False

    return hmac.compare_digest(given.strip().encode(), token.encode())


def _text_field(body: dict[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise Unprocessable(name, f"{name} must be a string")
    value = clean(value)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as err:
        raise Unprocessable(name, f"{name} is not valid Unicode text") from err

    return value.strip() or None


def _read(body: Any) -> dict[str, str | None]:
    """The fields of the request body; raises :class:`Unprocessable`."""
    if not isinstance(body, dict):
        raise Unprocessable("body", "the body must be a JSON object")
    text = _text_field(body, "text")
    if not text:
        raise Unprocessable("text", "text is required")
    if len(text) > MAX_TEXT:
        raise Unprocessable("text", f"text is longer than {MAX_TEXT} characters")
    postcode = _text_field(body, "postcode")
    try:
        postcode = normalize_postcode(postcode) if postcode else None
    except InvalidPostcode as err:
        raise Unprocessable("postcode", str(err)) from err

    return {
        "text": text,
        "postcode": postcode,
        "neighbourhood": _text_field(body, "neighbourhood"),
    }


def _json_body() -> Any:
    try:
        return request.get_json(silent=True)
    except RecursionError as err:  # nesting deep enough to exhaust the parser
        raise Unprocessable("body", "the body is nested too deeply") from err


@blueprint.post("/api/v1/alerts")
def create_alert() -> ResponseReturnValue:
    bot = current_app.extensions["bot"]
    if not _authorised(bot):
        log.warning("refused a police API call from %s", request.remote_addr)
        return jsonify(error="unauthorized"), 401, {"WWW-Authenticate": "Bearer"}
    try:
        fields = _read(_json_body())
        result = _raise(bot, fields)
    except Unprocessable as err:
        return jsonify(error=err.message, field=err.field), 422

    bot.wake.set()
    return jsonify(result), 201


def _raise(bot: Any, fields: dict[str, str | None]) -> dict[str, Any]:
    with bot.db.transaction() as session:
        name = fields["neighbourhood"]
        neighbourhood = find_neighbourhood(session, name) if name else None
        if name and neighbourhood is None:
            raise Unprocessable("neighbourhood", f"unknown neighbourhood {name!r}")
        desk = Desk(bot, session, bot.clock())
        alert = raise_police_alert(
            desk,
            fields["text"] or "",
            postcode=fields["postcode"],
            neighbourhood=neighbourhood,
            via="api",
        )
        suggested = alert.neighbourhood.slug if alert.neighbourhood else None

        return {"alert": alert.id, "suggested": suggested}


def setup(registry: Registry) -> None:
    registry.blueprint(blueprint)
