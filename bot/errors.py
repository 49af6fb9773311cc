"""The framework's error tree.

Every error the framework raises on purpose derives from :class:`BotError`.
Delivery errors carry what the worker needs to decide what happens next.
"""

from __future__ import annotations


class BotError(Exception):
    """Base of every error the framework raises on purpose."""


class ConfigError(BotError):
    """The configuration cannot be used; ``problems`` names each bad key."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class BadRequest(BotError):
    """An inbound request is malformed; the webhook answers 400."""


class SchemaBehind(BotError):
    """The database schema is older than the code."""


class DeliveryError(BotError):
    """Sending one message failed. ``code`` is Twilio's error code, if any."""

    def __init__(self, message: str, code: int | None = None) -> None:
        self.code = code
        super().__init__(message)


class RetryLater(DeliveryError):
    """A passing failure (HTTP 429, 5xx, a timeout): try again later.

    ``seconds`` is the server's hint (Retry-After), or None for the worker's
    own backoff.
    """

    def __init__(
        self, message: str, code: int | None = None, seconds: float | None = None
    ) -> None:
        self.seconds = seconds
        super().__init__(message, code)


class SlowDown(RetryLater):
    """The sender's rate or tier is exceeded (Twilio 63018): send slower."""


class UnknownRefusal(RetryLater):
    """Twilio refused with an error code we do not know.

    It may pass, so the worker tries again, up to ``[worker] max_attempts``;
    then the message has failed, with the code on its row.
    """


class OutsideWindow(DeliveryError):
    """Free text outside the 24-hour window (Twilio 63016): use a template."""


class OptedOut(DeliveryError):
    """The recipient has opted out (Twilio 21610): never retry."""


class PermanentFailure(DeliveryError):
    """The message cannot be delivered, and retrying will not change that."""
