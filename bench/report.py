"""The results: a table on the terminal and bench/RESULTS.md."""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
from pathlib import Path

from bench.common import Section

VERDICT = {True: "met", False: "MISSED", None: ""}


def machine() -> str:
    cores = os.cpu_count()
    python = platform.python_version()
    return f"{cores} cores ({platform.machine()}), Python {python}, {platform.system()}"


def table(sections: list[Section]) -> str:
    rows = [("benchmark", "figure", "value", "target", "")]
    for section in sections:
        if section.skipped:
            rows.append((section.title, section.skipped, "", "", ""))
        for figure in section.figures:
            verdict = VERDICT[figure.met]
            rows.append(
                (section.title, figure.name, figure.value, figure.target, verdict)
            )
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True))
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def markdown(sections: list[Section], command: str, seconds: float) -> str:
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    out = [
        "# Benchmark results",
        "",
        f"`{command}` on {today}: {machine()}; {seconds:.0f} s in all.",
        "Each figure is a ratio against a baseline measured in the same run, or"
        " a count; absolute times are for information. What the figures mean:"
        " bench/README.md.",
        "",
        "| benchmark | figure | value | target | verdict |",
        "| --- | --- | --- | --- | --- |",
    ]
    for section in sections:
        if section.skipped:
            out.append(f"| {section.title} | {section.skipped} | | | |")
        for f in section.figures:
            verdict = VERDICT[f.met]
            out.append(
                f"| {section.title} | {f.name} | {f.value} | {f.target} | {verdict} |"
            )
    out += ["", "## For information", ""]
    out += [f"- {s.title}: {line}" for s in sections for line in s.info]
    missed = [(s.title, line) for s in sections for line in s.limits]
    if missed:
        out += ["", "## Missed targets, and what limits them", ""]
        out += [f"- {title}: {line}" for title, line in missed]
    return "\n".join(out) + "\n"


def write(path: Path, text: str) -> None:
    path.write_text(text)
    print(f"\nwritten to {path}", file=sys.stderr)
