"""Twilio's error answers, as its REST API shapes them.

Each error is a JSON body with ``code``, ``message``, ``more_info`` and
``status``. The texts here are our own short wording, not Twilio's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

DOCS = "https://www.twilio.com/docs/errors/"

# code: (HTTP status it usually comes with, what it means)
KNOWN: dict[int, tuple[int, str]] = {
    20003: (401, "Authentication failed"),
    20404: (404, "The requested resource was not found"),
    20429: (429, "Too many requests"),
    20500: (500, "Internal server error"),
    20503: (503, "Service unavailable"),
    21211: (400, "The 'To' number is not a valid phone number"),
    21408: (400, "Sending to the region of the 'To' number is not enabled"),
    21602: (400, "A message body, a content SID or a media URL is required"),
    21603: (400, "A 'From' number or a messaging service SID is required"),
    21604: (400, "A 'To' number is required"),
    21610: (400, "The recipient has unsubscribed from this sender"),
    21614: (400, "The 'To' number is not a valid mobile number"),
    63016: (400, "Free-form message outside the allowed window; use a template"),
    63018: (400, "Rate limit exceeded for the channel"),
    63024: (400, "Invalid message recipient"),
}

# The code Twilio pairs with an HTTP status that has no message-level code.
BY_STATUS = {401: 20003, 404: 20404, 429: 20429, 500: 20500, 503: 20503}


@dataclass(frozen=True)
class ErrorAnswer:
    """One error answer: HTTP status, body, and headers beyond the usual."""

    status: int
    code: int
    message: str
    retry_after: float | None = None

    def body(self) -> bytes:
        return json.dumps(
            {
                "code": self.code,
                "message": self.message,
                "more_info": f"{DOCS}{self.code}",
                "status": self.status,
            }
        ).encode()

    def headers(self) -> dict[str, str]:
        if self.retry_after is None:
            return {}

        return {"Retry-After": f"{self.retry_after:g}"}


def error(
    code: int, status: int | None = None, retry_after: float | None = None
) -> ErrorAnswer:
    """The answer for ``code``, with its usual status unless one is given."""
    usual, message = KNOWN.get(code, (400, f"Error {code}"))

    return ErrorAnswer(status or usual, code, message, retry_after)


def for_status(status: int, retry_after: float | None = None) -> ErrorAnswer:
    """The answer for a bare HTTP status such as 429 or 503."""
    return error(BY_STATUS.get(status, status), status, retry_after)
