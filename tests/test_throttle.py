"""The throttle: never more than the rate in any second, and close to it."""

from __future__ import annotations

import itertools
import threading
import time

import pytest

from bot.throttle import SPACING, Throttle


class FakeClock:
    """A clock that only moves when someone sleeps on it."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def most_in_any_window(starts: list[float], window: float = 1.0) -> int:
    """The largest number of starts in any half-open window of ``window`` s."""
    ordered = sorted(starts)
    best = 0
    first = 0
    for last, start in enumerate(ordered):
        while start - ordered[first] >= window:
            first += 1

        best = max(best, last - first + 1)

    return best


def throttle_on(clock: FakeClock, rate: float, **kwargs: float) -> Throttle:
    return Throttle(rate, clock=clock, sleep=clock.sleep, **kwargs)


def test_sends_are_spaced_evenly_just_under_the_rate(clock: FakeClock) -> None:
    throttle = throttle_on(clock, 5)

    starts = [throttle.acquire() for _ in range(6)]

    gaps = [later - earlier for earlier, later in itertools.pairwise(starts)]
    assert gaps == pytest.approx([SPACING / 5] * 5, abs=1e-4)


@pytest.mark.parametrize("rate", [1, 3, 7, 50], ids=["1/s", "3/s", "7/s", "50/s"])
def test_never_more_than_the_rate_in_any_window_on_a_fake_clock(
    clock: FakeClock, rate: int
) -> None:
    throttle = throttle_on(clock, rate)

    starts = [throttle.acquire() for _ in range(rate * 10 + 1)]

    assert most_in_any_window(starts) == rate
    assert starts[-1] - starts[0] == pytest.approx(10.0 * SPACING, abs=1e-2)


def test_never_more_than_the_rate_in_any_window_with_threads_and_real_time() -> None:
    throttle = Throttle(50)
    admitted: list[float] = []
    seen: list[float] = []
    lock = threading.Lock()

    def send(count: int) -> None:
        for _ in range(count):
            start = throttle.acquire()
            with lock:
                admitted.append(start)
                seen.append(time.monotonic())

    workers = [threading.Thread(target=send, args=(50,)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)

    assert len(admitted) == 200
    assert most_in_any_window(admitted) <= 50
    # Seen from outside, a start shows up a little after it was admitted.
    assert most_in_any_window(seen) <= 50

    achieved = (200 - 1) / (max(admitted) - min(admitted))
    assert achieved >= 0.95 * 50


def test_slow_down_halves_the_rate(clock: FakeClock) -> None:
    throttle = throttle_on(clock, 10)

    throttle.slow_down()
    starts = [throttle.acquire() for _ in range(50)]

    assert throttle.current_rate() == 5
    assert most_in_any_window(starts) == 5


def test_slow_down_takes_effect_on_sends_already_in_the_window(
    clock: FakeClock,
) -> None:
    throttle = throttle_on(clock, 10)
    first = [throttle.acquire() for _ in range(10)]

    throttle.slow_down()
    later = [throttle.acquire() for _ in range(20)]

    assert most_in_any_window(first + later) == 10
    assert most_in_any_window(later) == 5


@pytest.mark.parametrize(
    ("rate", "calls", "expected"),
    [(10, 1, 5.0), (10, 2, 2.5), (10, 5, 1.0), (1, 1, 1.0), (3, 3, 1.0)],
    ids=["once", "twice", "floor-at-one", "already-one", "from-three"],
)
def test_slow_down_repeatedly_spaced_out(
    clock: FakeClock, rate: int, calls: int, expected: float
) -> None:
    throttle = throttle_on(clock, rate)

    for _ in range(calls):
        throttle.slow_down()
        clock.sleep(2.0)

    assert throttle.current_rate() == expected


def test_no_second_halving_from_one_burst_of_reports(clock: FakeClock) -> None:
    throttle = throttle_on(clock, 16)

    for _ in range(8):
        throttle.slow_down()

    assert throttle.current_rate() == 8


@pytest.mark.parametrize(
    ("after", "expected"),
    [(29.0, 5.0), (45.0, 7.5), (60.0, 10.0), (600.0, 10.0)],
    ids=["cooling-down", "halfway-back", "restored", "long-after"],
)
def test_rate_comes_back_gradually_after_slow_down(
    clock: FakeClock, after: float, expected: float
) -> None:
    throttle = throttle_on(clock, 10, cooldown=30.0, recovery=30.0)

    throttle.slow_down()
    clock.sleep(after)

    assert throttle.current_rate() == pytest.approx(expected)


@pytest.mark.parametrize("rate", [0, 0.5, -3], ids=["zero", "half", "negative"])
def test_no_rate_below_one_per_second(rate: float) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        Throttle(rate)
