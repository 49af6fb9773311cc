"""The Flask app: Twilio's webhooks, health, and the plugins' pages."""

from __future__ import annotations

import logging
import secrets

from flask import Flask

from bot import health, webhook
from bot.app import BotApp

log = logging.getLogger(__name__)


def create_flask_app(bot: BotApp) -> Flask:
    """The Flask app: webhook, status callbacks, health and plugin pages."""
    app = Flask("buurtalert")
    app.config["SECRET_KEY"] = bot.config.bot.secret_key or _one_off_key()
    app.config["MAX_CONTENT_LENGTH"] = bot.config.bot.max_body_kb * 1024
    app.extensions["bot"] = bot
    app.register_blueprint(webhook.blueprint)
    app.register_blueprint(health.blueprint)
    for blueprint in bot.registry.blueprints:
        app.register_blueprint(blueprint)
    if not bot.config.twilio.validate_signature:
        log.warning(
            "SIGNATURE CHECKS ARE OFF ([twilio] validate_signature = false): "
            "anyone can post to the webhook. Never run like this in production."
        )

    return app


def _one_off_key() -> str:
    """A key for this process only: forms signed by it fail after a restart
    and on any other process. ``serve`` refuses to start without a key."""
    log.warning("[bot] secret_key is empty: using a key for this process only")
    return secrets.token_hex(32)
