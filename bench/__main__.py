"""``python -m bench [--quick] [--sizes ...]``: run the benchmarks, side by side
with their baselines, print a table and write bench/RESULTS.md."""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from pathlib import Path

from bench import fanout, latency, memory, nudges, report, throttle, webhook
from bench.common import Section
from bench.far_end import FarEnd

ALL = ("fanout", "throttle", "webhook", "latency", "nudges", "memory")
DEFAULTS = {
    "sizes": [100, 1000, 10000],
    "members": [100, 100000],
    "throttle_seconds": 15.0,
    "requests": 500,
    "alerts": 200,
    "nudges": 1000,
    "nudge_spread": 60.0,
    "rounds": 3,
}
QUICK = {
    "sizes": [100, 1000],
    "members": [100, 10000],
    "throttle_seconds": 3.0,
    "requests": 150,
    "alerts": 30,
    "nudges": 100,
    "nudge_spread": 10.0,
    "rounds": 3,
}


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, < 1 min")
    parser.add_argument("--sizes", type=int, nargs="+", help="fan-out recipients")
    parser.add_argument("--members", type=int, nargs=2, help="webhook: small, large")
    parser.add_argument("--throttle-seconds", type=float, help="length of each run")
    parser.add_argument("--requests", type=int, help="webhook requests per round")
    parser.add_argument("--alerts", type=int, help="alert latency: alerts")
    parser.add_argument("--nudges", type=int, help="nudge timing: waiting alerts")
    parser.add_argument("--nudge-spread", type=float, help="seconds the due times span")
    parser.add_argument("--rounds", type=int, help="A/B rounds per figure")
    parser.add_argument(
        "--memory-size", type=int, help="fan-out size (default: largest)"
    )
    parser.add_argument("--only", nargs="+", choices=ALL, default=list(ALL))
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).parent / "RESULTS.md"
    )
    args = parser.parse_args(argv)
    for key, value in (QUICK if args.quick else DEFAULTS).items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    args.memory_size = args.memory_size or max(args.sizes)
    return args


def run(args: argparse.Namespace, far: FarEnd, tmp: Path) -> list[Section]:
    steps = {
        "fanout": lambda: fanout.run(far, tmp, args.sizes, args.rounds),
        "throttle": lambda: [throttle.run(far, tmp, args.throttle_seconds)],
        "webhook": lambda: [webhook.run(tmp, args.members, args.requests, args.rounds)],
        "latency": lambda: [latency.run(far, tmp, args.alerts)],
        "nudges": lambda: [nudges.run(far, tmp, args.nudges, args.nudge_spread)],
        "memory": lambda: [memory.run(far, tmp, args.memory_size)],
    }
    sections: list[Section] = []
    for name in args.only:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        sections.extend(steps[name]())
    return sections


def main(argv: list[str] | None = None) -> None:
    args = parse(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.WARNING)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp, FarEnd() as far:
        sections = run(args, far, Path(tmp))
    seconds = time.perf_counter() - start

    print(report.table(sections))
    command = "python -m bench " + " ".join(sys.argv[1:] if argv is None else argv)
    report.write(args.out, report.markdown(sections, command.strip(), seconds))


if __name__ == "__main__":
    main()
