"""Sending WhatsApp messages through Twilio's Messages API."""

from __future__ import annotations

import json
import logging
from typing import Any

import requests
from twilio.base.exceptions import TwilioRestException, TwilioServiceException
from twilio.rest import Client

from bot.errors import (
    DeliveryError,
    OptedOut,
    OutsideWindow,
    PermanentFailure,
    RetryLater,
    SlowDown,
    UnknownRefusal,
)
from bot.privacy import mask_phone
from bot.transports.base import OutgoingMessage, SendResult
from bot.transports.twilio_http import RoutedHttpClient

logger = logging.getLogger(__name__)

# Twilio error codes (https://www.twilio.com/docs/api/errors/<code>).
RATE_LIMIT_FOR_CHANNEL = 63018  # the sender's rate or WhatsApp tier is exceeded
OUTSIDE_WINDOW = 63016  # free text after the 24-hour window: send a template
UNSUBSCRIBED = 21610  # the recipient opted out of this sender
# Refusals of the recipient that no retry will change.
KNOWN_PERMANENT = {
    63024: "not a valid WhatsApp recipient",
    21211: "not a valid phone number",
    21408: "sending to this region is not enabled",
    21614: "not a valid mobile number",
}


class TwilioTransport:
    """Sends through Twilio's REST API with the official client, over HTTP.

    ``whatsapp_from`` (e.g. ``"whatsapp:+3197010000000"``) or
    ``messaging_service_sid`` names the sender. ``api_base`` points every
    request at a Twilio-compatible API root instead of Twilio itself (empty:
    Twilio). One instance is shared by the worker's threads.
    """

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        *,
        whatsapp_from: str | None = None,
        messaging_service_sid: str | None = None,
        api_base: str = "",
        timeout: float = 10.0,
        pool_size: int = 10,
    ) -> None:
        if not (whatsapp_from or messaging_service_sid):
            raise ValueError("give whatsapp_from or messaging_service_sid as sender")

        self._http = RoutedHttpClient(api_base, timeout, pool_size)
        client = Client(account_sid, auth_token, http_client=self._http)
        # Built once here, so that no two threads race through lazy setup.
        self._messages = client.messages
        self._sender: dict[str, str] = {}
        if whatsapp_from:
            self._sender["from_"] = whatsapp_from
        if messaging_service_sid:
            self._sender["messaging_service_sid"] = messaging_service_sid

    def send(self, message: OutgoingMessage) -> SendResult:
        """Hand one message to Twilio; raise a DeliveryError if it refuses."""
        fields = self._fields(message)

        try:
            created = self._messages.create(**fields)
        except (TwilioRestException, TwilioServiceException) as err:
            raise self._refusal(err, message.to) from err
        except requests.Timeout as err:
            raise RetryLater("Twilio did not answer in time") from err
        except requests.ConnectionError as err:
            raise RetryLater("could not reach Twilio") from err

        sid = created.sid or ""
        logger.info("sent %s to %s", sid, mask_phone(message.to))
        return SendResult(sid, created.status or "queued")

    def close(self) -> None:
        self._http.close()

    def _fields(self, message: OutgoingMessage) -> dict[str, Any]:
        fields: dict[str, Any] = {"to": message.to, **self._sender}
        if message.content_sid:
            fields["content_sid"] = message.content_sid
            if message.content_variables:
                # Twilio takes ContentVariables as one JSON string.
                fields["content_variables"] = json.dumps(message.content_variables)
        elif message.body:
            fields["body"] = message.body
        else:
            raise ValueError("an outgoing message needs a body or a content_sid")

        if message.status_callback:
            fields["status_callback"] = message.status_callback

        return fields

    def _refusal(
        self, err: TwilioRestException | TwilioServiceException, to: str
    ) -> DeliveryError:
        # twilio reports the HTTP status as the code when the body has none.
        code = err.code if err.code != err.status else None
        return refusal(err.status, code, self._http.retry_after(), to)


def refusal(
    status: int, code: int | None, retry_after: float | None, to: str
) -> DeliveryError:
    """The DeliveryError for one refusal by Twilio.

    Texts name the status and code, never the recipient: Twilio's own
    messages may quote the full number.
    """
    what = f"Twilio refused the message (HTTP {status}, code {code})"

    if code != RATE_LIMIT_FOR_CHANNEL and (status == 429 or status >= 500):
        # Error 20429: a request answered 429 was not processed, so it is
        # safe to send again.
        return RetryLater(what, code, retry_after)
    if status == 401:
        # Error 20003: our credentials, not this message, are wrong; keep the
        # message until an operator fixes them.
        logger.error("Twilio refused our credentials (code %s)", code)
        return RetryLater(what, code, retry_after)

    error = error_for_code(code, what, retry_after)
    if isinstance(error, UnknownRefusal):
        logger.warning(
            "Twilio error %s for %s is not one we know; retrying it up to"
            " [worker] max_attempts",
            code,
            mask_phone(to),
        )

    return error


def error_for_code(
    code: int | None, what: str, retry_after: float | None = None
) -> DeliveryError:
    """What Twilio error ``code`` means for the message it refused.

    The one mapping, for a refusal on create and for a failed status callback
    alike.
    """
    if code == RATE_LIMIT_FOR_CHANNEL:
        return SlowDown(what, code, retry_after)
    if code == OUTSIDE_WINDOW:
        return OutsideWindow(what, code)
    if code == UNSUBSCRIBED:
        return OptedOut(what, code)
    if code in KNOWN_PERMANENT:
        return PermanentFailure(what, code)

    return UnknownRefusal(what, code, retry_after)
