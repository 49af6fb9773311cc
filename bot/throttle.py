"""A sender's rate limit: never more than ``rate`` sends in any second."""

from __future__ import annotations

import collections
import threading
import time


class Throttle:
    def __init__(self, rate_per_second: float) -> None:
        self.rate = rate_per_second
        self._starts: collections.deque[float] = collections.deque()
        self._lock = threading.Lock()

    def acquire(self) -> None:
        limit = max(int(self.rate), 1)
        while True:
            with self._lock:
                now = time.monotonic()
                while self._starts and now - self._starts[0] >= 1.0:
                    self._starts.popleft()
                if len(self._starts) < limit:
                    self._starts.append(now)
                    return
                wait = 1.0 - (now - self._starts[0])
            time.sleep(wait)

    def slow_down(self) -> None:
        self.rate = max(self.rate / 2, 1)
