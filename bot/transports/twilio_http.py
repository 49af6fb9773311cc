"""The HTTP client under twilio's REST client: aimed, pooled, thread-safe."""

from __future__ import annotations

import datetime as dt
import email.utils
import ipaddress
import threading
import urllib.parse
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response

TWILIO_DOMAIN = "twilio.com"


class RoutedHttpClient(TwilioHttpClient):
    """Sends each request of the twilio client to ``api_base``, if one is set.

    twilio builds URLs such as ``https://api.twilio.com/2010-04-01/...``; the
    scheme and host of every ``twilio.com`` URL are swapped for those of
    ``api_base`` (a Twilio-compatible API root), and the path is kept. An empty
    ``api_base`` leaves the URLs alone.

    twilio's own client keeps the last response on the instance and returns
    it from there, so threads sharing one could read each other's answers;
    this one hands each answer straight to its caller. Each thread has its
    own requests Session, since requests promises no thread safety for one;
    all of them share one HTTPAdapter, whose urllib3 pool is thread-safe and
    keeps up to ``pool_size`` connections.
    """

    def __init__(self, api_base: str, timeout: float, pool_size: int) -> None:
        super().__init__(pool_connections=False, timeout=timeout)
        self.api_base = _parse_base(api_base)
        # No retries here: a POST that may have reached Twilio is the
        # worker's to retry, through its outbox.
        self.adapter = HTTPAdapter(pool_maxsize=pool_size, max_retries=0)
        self._local = threading.local()

    def request(
        self,
        method: str,
        url: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> Response:
        self._local.retry_after = None
        as_json = (headers or {}).get("Content-Type", "").endswith("json")
        body: dict[str, Any] = {"json": data} if as_json else {"data": data}

        answer = self._session().request(
            method.upper(),
            self.route(url),
            params=params,  # type: ignore[arg-type]
            headers=headers,
            auth=auth,
            timeout=timeout or self.timeout,
            allow_redirects=allow_redirects,
            **body,
        )

        self._local.retry_after = answer.headers.get("Retry-After")
        return Response(answer.status_code, answer.text, answer.headers)

    def route(self, url: str) -> str:
        """The URL to use instead of ``url``, one of twilio's."""
        if self.api_base is None:
            return url

        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or ""
        if host != TWILIO_DOMAIN and not host.endswith("." + TWILIO_DOMAIN):
            raise ValueError(f"refusing to send a request to {url!r}: not Twilio's")

        base = self.api_base
        path = base.path.rstrip("/") + parts.path
        return urllib.parse.urlunsplit(
            (base.scheme, base.netloc, path, parts.query, "")
        )

    def retry_after(self) -> float | None:
        """Seconds to wait that the last answer in this thread asked for."""
        return parse_retry_after(getattr(self._local, "retry_after", None))

    def close(self) -> None:
        self.adapter.close()

    def _session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.mount("https://", self.adapter)
            session.mount("http://", self.adapter)
            # A proxy has no business between us and an API on this machine.
            session.trust_env = not _is_loopback(self.api_base)
            self._local.session = session

        return session


def parse_retry_after(value: str | None) -> float | None:
    """Read a Retry-After header: seconds, or an HTTP date (RFC 9110 10.2.3)."""
    if not value:
        return None

    try:
        return max(0.0, float(value))
    except ValueError:
        pass

    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None

    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def _parse_base(api_base: str) -> urllib.parse.SplitResult | None:
    if not api_base:
        return None

    base = urllib.parse.urlsplit(api_base)
    if base.scheme not in ("http", "https") or not base.netloc:
        raise ValueError(
            f"api_base must look like 'https://host[:port]', got {api_base!r}"
        )

    return base


def _is_loopback(base: urllib.parse.SplitResult | None) -> bool:
    if base is None or base.hostname is None:
        return False

    if base.hostname == "localhost":
        return True

    try:
        return ipaddress.ip_address(base.hostname).is_loopback
    except ValueError:
        return False
