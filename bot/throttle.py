"""A rate limiter for one sender, shared by the worker's threads.

A sender number has a throughput in messages per second, set on the account.
:class:`Throttle` spaces sends evenly, 1% over ``1 / rate`` apart, and
keeps the start times of the last sends, admitting a new one only while fewer
than ``rate`` of them lie in the last second: no window of one second ever
holds more than ``rate`` starts. Even spacing matters because Twilio counts
arrivals, not starts: a burst released at once reaches Twilio unevenly, and
some one-second window there would hold more than the rate. When Twilio answers 63018 or
HTTP 429 the worker calls :meth:`Throttle.slow_down`: the rate halves for a
while, then climbs back step by step.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

WINDOW = 1.0
MIN_WAIT = 1e-6
# Sends are spaced 1% wider than the rate asks, so that a few milliseconds of
# jitter on the way cannot put one too many into a window at the far end.
SPACING = 1.01


class Throttle:
    """Admits at most ``rate_per_second`` sends in any one-second window.

    ``clock`` and ``sleep`` default to :func:`time.monotonic` and
    :func:`time.sleep`; tests pass a clock they move themselves.

    After :meth:`slow_down` the rate stays halved for ``cooldown`` seconds,
    then rises evenly back to the full rate over ``recovery`` seconds.
    """

    def __init__(
        self,
        rate_per_second: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        cooldown: float = 30.0,
        recovery: float = 30.0,
    ) -> None:
        if rate_per_second < 1:
            raise ValueError(
                f"rate_per_second must be at least 1, got {rate_per_second!r}"
            )

        self.rate = float(rate_per_second)
        self.cooldown = cooldown
        self.recovery = recovery
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._starts: deque[float] = deque()
        self._reduced = self.rate
        self._slow_until = -math.inf
        self._last_slow_down = -math.inf

    def acquire(self) -> float:
        """Block until a send may start; return the clock time it started."""
        while True:
            with self._lock:
                now = self._clock()
                wait = self._admit(now)

            if wait is None:
                return now

            self._sleep(wait)

    def slow_down(self) -> None:
        """Halve the current rate (never below 1/s) and hold it for a while.

        Several threads often hit the limit together, with sends that started
        before the first of them reported it; calls within one window of the
        last one count once.
        """
        with self._lock:
            now = self._clock()
            if now - self._last_slow_down < WINDOW:
                return

            self._reduced = max(1.0, self._effective_rate(now) / 2)
            self._slow_until = now + self.cooldown
            self._last_slow_down = now

    def current_rate(self) -> float:
        """The rate in force now, in sends per second."""
        with self._lock:
            return self._effective_rate(self._clock())

    def _admit(self, now: float) -> float | None:
        """Record a start at ``now`` and return None, or return how long to wait."""
        while self._starts and now - self._starts[0] >= WINDOW:
            self._starts.popleft()

        rate = self._effective_rate(now)
        limit = max(1, math.floor(rate))
        spaced = not self._starts or now - self._starts[-1] >= SPACING / rate
        if spaced and len(self._starts) < limit:
            self._starts.append(now)
            return None
        if not spaced:
            return max(MIN_WAIT, self._starts[-1] + SPACING / rate - now)

        # The start that must leave the window before one more fits in it;
        # never zero, so that rounding cannot make a caller spin.
        return max(MIN_WAIT, self._starts[-limit] + WINDOW - now)

    def _effective_rate(self, now: float) -> float:
        if now < self._slow_until:
            return self._reduced

        if self.recovery <= 0:
            return self.rate

        progress = min(1.0, (now - self._slow_until) / self.recovery)

        return self._reduced + (self.rate - self._reduced) * progress
