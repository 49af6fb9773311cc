"""Requests shaped and signed as Twilio sends them, for the demo.

The simulator and the story script post these to the app's own webhook, so
that a demo message travels the same path as a real one: signature check,
stored inbound row, dispatcher, outbox.
"""

from __future__ import annotations

import ipaddress
import secrets
from urllib.parse import urlsplit

import requests
from twilio.request_validator import RequestValidator

DEMO_ACCOUNT_SID = "AC" + "d" * 32
DEMO_BOT_NUMBER = "whatsapp:+3197010000000"
LOOPBACK_NAMES = ("localhost",)


def new_sid(prefix: str = "SM") -> str:
    return prefix + secrets.token_hex(16)


def address_of(number: str) -> str:
    """``+316...`` becomes ``whatsapp:+316...``; an address stays as it is."""
    return number if number.startswith("whatsapp:") else f"whatsapp:{number}"


def inbound_form(
    sender: str,
    body: str = "",
    profile_name: str = "Buur",
    media: tuple[tuple[str, str], ...] = (),
    button: tuple[str, str] | None = None,
) -> dict[str, str]:
    """Every field Twilio posts for one inbound WhatsApp message.

    ``media`` holds (url, content type) pairs; ``button`` a quick-reply tap
    as (payload, text).
    """
    address = address_of(sender)
    number = address.removeprefix("whatsapp:")
    sid = new_sid("MM" if media else "SM")
    form = {
        "AccountSid": DEMO_ACCOUNT_SID,
        "ApiVersion": "2010-04-01",
        "Body": body,
        "From": address,
        "To": DEMO_BOT_NUMBER,
        "MessageSid": sid,
        "SmsSid": sid,
        "SmsMessageSid": sid,
        "NumMedia": str(len(media)),
        "NumSegments": "1",
        "ProfileName": profile_name,
        "SmsStatus": "received",
        "WaId": number.lstrip("+") if number.startswith("+") else "",
        "ReferralNumMedia": "0",
        "MessageType": _message_type(media, button),
        "Forwarded": "false",
        "FrequentlyForwarded": "false",
    }
    for index, (url, content_type) in enumerate(media):
        form[f"MediaUrl{index}"] = url
        form[f"MediaContentType{index}"] = content_type
    if button is not None:
        form["ButtonPayload"], form["ButtonText"] = button
        form["Body"] = button[1]

    return form


def _message_type(
    media: tuple[tuple[str, str], ...], button: tuple[str, str] | None
) -> str:
    if button is not None:
        return "button"
    if media:
        return "image"

    return "text"


def status_form(sid: str, state: str, recipient: str) -> dict[str, str]:
    """A status callback for the outbound message ``sid``."""
    return {
        "AccountSid": DEMO_ACCOUNT_SID,
        "ApiVersion": "2010-04-01",
        "ChannelPrefix": "whatsapp",
        "From": DEMO_BOT_NUMBER,
        "To": recipient,
        "MessageSid": sid,
        "SmsSid": sid,
        "MessageStatus": state,
        "SmsStatus": state,
    }


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def post_signed(
    url: str, form: dict[str, str], auth_token: str, timeout: float = 10
) -> int:
    """POST ``form`` to ``url`` signed like Twilio; returns the HTTP status.

    Only to this machine: the demo never posts anywhere else.
    """
    if not is_loopback(url):
        raise ValueError(f"refusing to post to {url!r}: only loopback addresses")

    signature = RequestValidator(auth_token).compute_signature(url, form)
    response = requests.post(
        url, data=form, headers={"X-Twilio-Signature": signature}, timeout=timeout
    )
    return response.status_code
