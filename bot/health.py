"""``GET /healthz``: the database answers and its schema is current."""

from __future__ import annotations

import logging

from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import SQLAlchemyError

from bot.migrate import schema_state

log = logging.getLogger(__name__)
blueprint = Blueprint("health", __name__)


@blueprint.get("/healthz")
def healthz() -> ResponseReturnValue:
    bot = current_app.extensions["bot"]
    try:
        state = schema_state(bot.db.engine)
    except SQLAlchemyError as err:
        log.warning("health check: database unreachable: %s", type(err).__name__)
        return jsonify(status="unavailable", database="unreachable"), 503
    if state != "current":
        return jsonify(status="unavailable", database=f"schema {state}"), 503

    return jsonify(status="ok", database="current")
