"""The benchmarks are not tests; this only checks that they still start."""

import subprocess
import sys


def test_bench_help_lists_the_options():
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert done.returncode == 0
    assert "--quick" in done.stdout
    assert "--sizes" in done.stdout
