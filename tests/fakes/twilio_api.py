"""A local server that speaks Twilio's Messages API, for tests.

It listens on 127.0.0.1 on a free port, checks HTTP basic auth, accepts
``POST /2010-04-01/Accounts/{sid}/Messages.json`` like Twilio (201 and a
message resource) and serves media. Tests can make it fail on purpose while
it runs: a share of requests answering 429/500/503, slow answers, an error
code per recipient, a cap on requests per second. It records every accepted
message and can play status callbacks back to loopback URLs.
"""

from __future__ import annotations

import base64
import random
import re
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer

from tests.fakes import twilio_errors as errors
from tests.fakes.status_callbacks import STATUSES, CallbackPlayer
from tests.fakes.twilio_handler import Answer, TwilioHandler
from tests.fakes.twilio_resources import (
    API,
    SentMessage,
    callback_params,
    message_resource,
    missing_field,
    new_sid,
)

TEST_ACCOUNT_SID = "AC" + "0" * 32
TEST_AUTH_TOKEN = "test-auth-token"
MESSAGES = re.compile(r"^/2010-04-01/Accounts/(?P<account>AC\w+)/Messages\.json$")
MEDIA = re.compile(
    r"^/2010-04-01/Accounts/(?P<account>AC\w+)/Messages/(?P<message>\w+)"
    r"/Media/(?P<media>ME\w+)$"
)


@dataclass
class Faults:
    """What the fake does wrong on purpose; see :class:`FakeTwilio`."""

    fraction: float = 0.0
    status: int = 429
    retry_after: float | None = 1.0
    delay: float = 0.0
    per_second: int | None = None
    recipients: dict[str, tuple[int, int]] = field(default_factory=dict)
    free_text: dict[str, int] = field(default_factory=dict)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    # Many worker threads connect at once; a short backlog would stall them.
    request_queue_size = 128
    fake: FakeTwilio


@dataclass
class Media:
    content: bytes
    content_type: str
    missing: int


class FakeTwilio:
    """Twilio's Messages API on 127.0.0.1; use as a context manager."""

    def __init__(
        self,
        account_sid: str = TEST_ACCOUNT_SID,
        auth_token: str = TEST_AUTH_TOKEN,
        seed: int = 0,
    ) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.faults = Faults()
        self.callbacks = CallbackPlayer(auth_token)
        self.requests = 0
        self._random = random.Random(seed)
        self._messages: list[SentMessage] = []
        self._media: dict[tuple[str, str], Media] = {}
        self._recent: deque[float] = deque()
        self._changed = threading.Condition()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # Running

    def start(self) -> FakeTwilio:
        server = _Server(("127.0.0.1", 0), TwilioHandler)
        server.fake = self
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self.callbacks.join()

    def __enter__(self) -> FakeTwilio:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """The API root to give a client instead of Twilio's."""
        if self._server is None:
            raise RuntimeError("the fake is not running; call start() first")

        return f"http://127.0.0.1:{self._server.server_address[1]}"

    # Faults, set from tests while the fake runs

    def fail_fraction(
        self, fraction: float, status: int = 429, retry_after: float | None = 1.0
    ) -> None:
        """Answer ``fraction`` of message requests with ``status`` (429/5xx)."""
        with self._changed:
            self.faults.fraction = fraction
            self.faults.status = status
            self.faults.retry_after = retry_after

    def slow(self, seconds: float) -> None:
        """Wait ``seconds`` before answering each request."""
        with self._changed:
            self.faults.delay = seconds

    def fail_recipient(self, to: str, code: int, status: int = 400) -> None:
        """Refuse every message to ``to`` with Twilio error ``code``."""
        with self._changed:
            self.faults.recipients[to] = (code, status)

    def fail_free_text(self, to: str, code: int = 63016) -> None:
        """Refuse free text to ``to`` with ``code``; templates still go.

        Twilio answers 63016 to free text after the 24-hour window.
        """
        with self._changed:
            self.faults.free_text[to] = code

    def limit_rate(self, per_second: int | None) -> None:
        """Answer 429 to message requests above ``per_second`` in a second."""
        with self._changed:
            self.faults.per_second = per_second

    def reset_faults(self) -> None:
        with self._changed:
            self.faults = Faults()

    def play_status_callbacks(
        self, statuses: tuple[str, ...] = STATUSES, interval: float = 0.0
    ) -> None:
        """Post these statuses to each accepted message's StatusCallback."""
        self.callbacks.statuses = statuses
        self.callbacks.interval = interval

    # What arrived

    @property
    def messages(self) -> list[SentMessage]:
        with self._changed:
            return list(self._messages)

    def wait_for_messages(self, count: int, timeout: float = 5.0) -> list[SentMessage]:
        """Wait until ``count`` messages were accepted; return them all."""
        with self._changed:
            arrived = self._changed.wait_for(
                lambda: len(self._messages) >= count, timeout
            )
            if not arrived:
                raise TimeoutError(
                    f"{len(self._messages)} of {count} messages arrived "
                    f"within {timeout} s"
                )

            return list(self._messages)

    # Media

    def add_media(
        self,
        content: bytes,
        content_type: str = "image/jpeg",
        missing_first: int = 0,
        message_sid: str | None = None,
    ) -> str:
        """Serve ``content``, answering 404 the first ``missing_first`` times."""
        message_sid = message_sid or new_sid("MM")
        media_sid = new_sid("ME")
        with self._changed:
            self._media[message_sid, media_sid] = Media(
                content, content_type, missing_first
            )

        path = f"{API}{self.account_sid}/Messages/{message_sid}/Media/{media_sid}"
        return self.base_url + path

    # Answers, called by the handler's threads

    def answer_post(self, path: str, auth: str | None, form: dict[str, str]) -> Answer:
        time.sleep(self.faults.delay)
        with self._changed:
            self.requests += 1
        route = MESSAGES.match(path)
        if route is None:
            return Answer.error(errors.error(20404))
        if not self._authorised(auth, route["account"]):
            return Answer.error(errors.error(20003))

        refusal = self._injected_refusal(form)
        if refusal is not None:
            return Answer.error(refusal)

        return self._accept(route["account"], form)

    def answer_get(self, path: str, auth: str | None) -> Answer:
        time.sleep(self.faults.delay)
        route = MEDIA.match(path)
        if route is None:
            return Answer.error(errors.error(20404))
        if not self._authorised(auth, route["account"]):
            return Answer.error(errors.error(20003))

        with self._changed:
            media = self._media.get((route["message"], route["media"]))
            if media is None or media.missing > 0:
                if media is not None:
                    media.missing -= 1
                return Answer.error(errors.error(20404))

        return Answer(200, media.content, {"Content-Type": media.content_type})

    def _authorised(self, auth: str | None, account: str) -> bool:
        expected = f"{self.account_sid}:{self.auth_token}".encode()
        given = (auth or "").removeprefix("Basic ")
        try:
            decoded = base64.b64decode(given, validate=True)
        except ValueError:
            return False

        return decoded == expected and account == self.account_sid

    def _injected_refusal(self, form: dict[str, str]) -> errors.ErrorAnswer | None:
        with self._changed:
            faults = self.faults
            if self._over_rate(faults.per_second):
                return errors.for_status(429, retry_after=1)
            if faults.fraction and self._random.random() < faults.fraction:
                return errors.for_status(faults.status, faults.retry_after)

            missing = missing_field(form)
            if missing is not None:
                return errors.error(missing)
            if form["To"] in faults.recipients:
                return errors.error(*faults.recipients[form["To"]])
            if form["To"] in faults.free_text and not form.get("ContentSid"):
                return errors.error(faults.free_text[form["To"]])

        return None

    def _over_rate(self, per_second: int | None) -> bool:
        now = time.monotonic()
        while self._recent and now - self._recent[0] >= 1.0:
            self._recent.popleft()
        if per_second is not None and len(self._recent) >= per_second:
            return True

        self._recent.append(now)
        return False

    def _accept(self, account: str, form: dict[str, str]) -> Answer:
        sid = new_sid("SM")
        message = SentMessage(sid, account, dict(form), time.monotonic())
        with self._changed:
            self._messages.append(message)
            self._changed.notify_all()

        if form.get("StatusCallback"):
            self.callbacks.play(form["StatusCallback"], callback_params(message))

        return Answer.json(201, message_resource(message))
