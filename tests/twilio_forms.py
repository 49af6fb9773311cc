"""Requests shaped as Twilio sends them, signed as Twilio signs them.

The field sets follow Twilio's WhatsApp webhook: every inbound message has
AccountSid, ApiVersion, Body, From, To, MessageSid, NumMedia, NumSegments,
ProfileName, SmsStatus, WaId, MessageType and the forwarding flags.
"""

from __future__ import annotations

import itertools
import secrets
from typing import Any

from twilio.request_validator import RequestValidator

ACCOUNT_SID = "AC" + "0" * 32
AUTH_TOKEN = "test-auth-token-0123456789abcdef"
BOT_NUMBER = "whatsapp:+3197010000000"
_counter = itertools.count(1)


def new_sid(prefix: str = "SM") -> str:
    return prefix + secrets.token_hex(16)


def inbound(sender: str, body: str = "", **extra: str) -> dict[str, str]:
    """An inbound WhatsApp message from ``sender`` (an E.164 number or
    ``whatsapp:...`` address)."""
    address = sender if sender.startswith("whatsapp:") else f"whatsapp:{sender}"
    sid = extra.pop("MessageSid", None) or new_sid()
    number = address.removeprefix("whatsapp:")
    form = {
        "AccountSid": ACCOUNT_SID,
        "ApiVersion": "2010-04-01",
        "Body": body,
        "From": address,
        "To": BOT_NUMBER,
        "MessageSid": sid,
        "SmsSid": sid,
        "SmsMessageSid": sid,
        "NumMedia": "0",
        "NumSegments": "1",
        "ProfileName": extra.pop("ProfileName", "Buur"),
        "SmsStatus": "received",
        "WaId": number.lstrip("+") if number.startswith("+") else "",
        "ReferralNumMedia": "0",
        "MessageType": "text",
        "Forwarded": "false",
        "FrequentlyForwarded": "false",
    }
    form.update(extra)

    return form


def button(sender: str, payload: str, text: str) -> dict[str, str]:
    """A tap on a quick-reply button of a template."""
    return inbound(
        sender,
        text,
        ButtonPayload=payload,
        ButtonText=text,
        MessageType="interactive",
    )


def status(sid: str, state: str, to: str, error: str = "") -> dict[str, str]:
    """A status callback for the outbound message ``sid``."""
    form = {
        "AccountSid": ACCOUNT_SID,
        "ApiVersion": "2010-04-01",
        "ChannelPrefix": "whatsapp",
        "From": BOT_NUMBER,
        "To": to,
        "MessageSid": sid,
        "SmsSid": sid,
        "MessageStatus": state,
        "SmsStatus": state,
        "ChannelInstallSid": "XE" + "0" * 32,
    }
    if error:
        form["ErrorCode"] = error
        form["ErrorMessage"] = ""

    return form


def sign(url: str, form: dict[str, Any], token: str = AUTH_TOKEN) -> str:
    """X-Twilio-Signature for a POST of ``form`` to ``url``."""
    return RequestValidator(token).compute_signature(url, form)
