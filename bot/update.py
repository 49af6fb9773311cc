"""Updates: what an inbound WhatsApp message says, parsed from Twilio's form.

Pure: a mapping of form fields in, an :class:`Update` out. See Twilio's
WhatsApp webhook fields; a sender with a WhatsApp username has a ``From``
that is no phone number (``whatsapp:NL.123...``) and an empty ``WaId``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.errors import BadRequest

_SID = re.compile(r"^[A-Z]{2}[0-9a-fA-F]{32}$")
# A phone number or a WhatsApp username id; nothing that could forge a line.
_ADDRESS = re.compile(r"^whatsapp:[+A-Za-z0-9._-]{3,64}$")
# NUL and other control characters (but tab and newline), and the invisible
# zero-width and bidirectional-override characters.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]"
)
_PHONE = re.compile(r"^\+[1-9]\d{6,14}$")
MAX_MEDIA = 10
MAX_BODY = 4096


@dataclass(frozen=True)
class Media:
    url: str
    content_type: str


@dataclass(frozen=True)
class Location:
    latitude: float
    longitude: float
    address: str = ""
    label: str = ""


@dataclass(frozen=True)
class Update:
    """One inbound message, in the framework's terms."""

    message_sid: str
    sender: str
    text: str = ""
    profile_name: str = ""
    media: tuple[Media, ...] = ()
    location: Location | None = None
    button_payload: str = ""
    button_text: str = ""
    forwarded: bool = False
    frequently_forwarded: bool = False
    replied_to_sid: str = ""
    received_at: dt.datetime | None = None
    extra: Mapping[str, str] = field(default_factory=dict)

    @property
    def phone(self) -> str | None:
        """The sender's E.164 number, or None for a username sender."""
        number = self.sender.removeprefix("whatsapp:")
        return number if _PHONE.match(number) else None

    @property
    def words(self) -> list[str]:
        return self.text.split()

    @property
    def is_empty(self) -> bool:
        return not (
            self.text.strip() or self.media or self.location or self.button_payload
        )


def fold(text: str) -> str:
    """Lower case without accents: how commands and names are compared."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def clean(text: str) -> str:
    """``text`` without control and invisible characters."""
    return _INVISIBLE.sub("", text)


def parse_form(form: Mapping[str, str], now: dt.datetime | None = None) -> Update:
    """Turn Twilio's posted fields into an :class:`Update`.

    Raises :class:`BadRequest` when a field Twilio always sends is missing or
    malformed.
    """
    sid = form.get("MessageSid", "")
    sender = form.get("From", "")
    if not _SID.match(sid):
        raise BadRequest(f"MessageSid {sid[:40]!r} is missing or malformed")
    if not _ADDRESS.match(sender):
        raise BadRequest("From is missing or not a WhatsApp address")

    return Update(
        message_sid=sid,
        sender=sender,
        text=clean(form.get("Body", ""))[:MAX_BODY].strip(),
        profile_name=clean(form.get("ProfileName", ""))[:100],
        media=_media(form),
        location=_location(form),
        button_payload=form.get("ButtonPayload", "")[:200],
        button_text=form.get("ButtonText", "")[:200],
        forwarded=form.get("Forwarded") == "true",
        frequently_forwarded=form.get("FrequentlyForwarded") == "true",
        replied_to_sid=form.get("OriginalRepliedMessageSid", ""),
        received_at=now,
    )


def _media(form: Mapping[str, str]) -> tuple[Media, ...]:
    try:
        count = int(form.get("NumMedia", "0") or 0)
    except ValueError as err:
        raise BadRequest("NumMedia is not a number") from err
    if not 0 <= count <= MAX_MEDIA:
        raise BadRequest(f"NumMedia {count} is out of range")

    items = []
    for index in range(count):
        url = form.get(f"MediaUrl{index}", "")
        if url:
            kind = form.get(f"MediaContentType{index}", "application/octet-stream")
            items.append(Media(url=url, content_type=kind))

    return tuple(items)


def _location(form: Mapping[str, str]) -> Location | None:
    if not (form.get("Latitude") and form.get("Longitude")):
        return None
    try:
        latitude = float(form["Latitude"])
        longitude = float(form["Longitude"])
    except ValueError as err:
        raise BadRequest("Latitude or Longitude is not a number") from err
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise BadRequest("Latitude or Longitude is out of range")

    return Location(
        latitude=latitude,
        longitude=longitude,
        address=form.get("Address", "")[:200],
        label=form.get("Label", "")[:200],
    )
