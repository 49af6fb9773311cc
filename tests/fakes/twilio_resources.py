"""Twilio's message resource and status callback fields, as the fake answers."""

from __future__ import annotations

import datetime as dt
import email.utils
import secrets
from dataclasses import dataclass

API = "/2010-04-01/Accounts/"


def new_sid(prefix: str) -> str:
    return prefix + secrets.token_hex(16)


@dataclass(frozen=True)
class SentMessage:
    """A message the fake accepted: its SID, form fields and arrival time."""

    sid: str
    account_sid: str
    fields: dict[str, str]
    received_at: float

    @property
    def to(self) -> str:
        return self.fields.get("To", "")


def missing_field(form: dict[str, str]) -> int | None:
    """Twilio's code for a required field that is missing, if one is."""
    if not form.get("To"):
        return 21604
    if not (form.get("From") or form.get("MessagingServiceSid")):
        return 21603
    if not (form.get("Body") or form.get("ContentSid") or form.get("MediaUrl")):
        return 21602

    return None


def message_resource(message: SentMessage) -> dict[str, object]:
    """The message resource Twilio answers with, as far as we use it."""
    fields = message.fields
    now = email.utils.format_datetime(dt.datetime.now(dt.UTC))
    uri = f"{API}{message.account_sid}/Messages/{message.sid}"
    from_ = fields.get("From")

    return {
        "account_sid": message.account_sid,
        "api_version": "2010-04-01",
        "body": fields.get("Body", ""),
        "date_created": now,
        "date_sent": None,
        "date_updated": now,
        "direction": "outbound-api",
        "error_code": None,
        "error_message": None,
        "from": from_,
        "messaging_service_sid": fields.get("MessagingServiceSid"),
        "num_media": "0",
        "num_segments": "1",
        "price": None,
        "price_unit": None,
        "sid": message.sid,
        "status": "queued" if from_ else "accepted",
        "subresource_uris": {"media": f"{uri}/Media.json"},
        "to": fields["To"],
        "uri": f"{uri}.json",
    }


def callback_params(message: SentMessage) -> dict[str, str]:
    return {
        "AccountSid": message.account_sid,
        "ApiVersion": "2010-04-01",
        "From": message.fields.get("From", ""),
        "MessageSid": message.sid,
        "SmsSid": message.sid,
        "To": message.to,
    }
