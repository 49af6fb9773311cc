"""Configuration: defaults, durations, secrets from the environment, and
one clear line per problem."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from bot.app import load_registry, plugin_names
from bot.config import Duration, load_config
from bot.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]


def run_cli(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m bot --config CONFIG ARGS...``, as an operator runs it."""
    return subprocess.run(
        [sys.executable, "-m", "bot", "--config", str(config), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_example_config_is_valid():
    path = ROOT / "config.example.toml"
    load_registry(plugin_names(path))  # plugins add their sections

    config = load_config(path)

    assert config.bot.language == "nl"
    assert config.twilio.timeout == dt.timedelta(seconds=10)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("30s", 30), ("5m", 300), ("2h", 7200), ("1d", 86400), ("250ms", 0.25)],
    ids=["seconds", "minutes", "hours", "days", "milliseconds"],
)
def test_durations(text, seconds):
    assert Duration.parse(text).total_seconds() == seconds


def test_secrets_from_the_environment_win(tmp_path, monkeypatch):
    path = write(tmp_path, '[twilio]\nauth_token = "from-file"\n')
    monkeypatch.setenv("BUURTALERT_TWILIO_AUTH_TOKEN", "from-env")

    assert load_config(path).twilio.auth_token == "from-env"


def test_no_start_with_bad_values_and_each_is_named(tmp_path):
    path = write(
        tmp_path,
        '[bot]\nlanguage = "fr"\ntimezone = "Mars/Base"\n'
        '[twilio]\ntimeout = "soon"\nvalidate_signature = "yes"\nregion = "x"\n'
        "[nonsense]\n",
    )

    with pytest.raises(ConfigError) as caught:
        load_config(path)

    problems = "\n".join(caught.value.problems)
    assert "[bot] language = 'fr': expected nl or en" in problems
    assert "[bot] timezone = 'Mars/Base'" in problems
    assert "[twilio] timeout = 'soon'" in problems
    assert "[twilio] validate_signature = 'yes': expected true or false" in problems
    assert "[twilio] region: unknown key" in problems
    assert "[nonsense]: unknown section" in problems


def test_no_start_with_broken_toml(tmp_path):
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(write(tmp_path, "[bot\n"))


def test_cli_names_the_bad_key_and_stops(tmp_path):
    path = write(tmp_path, '[bot]\nlanguage = "fr"\n')

    result = run_cli(path, "serve")

    assert result.returncode == 2
    assert "config: [bot] language = 'fr': expected nl or en" in result.stderr


def test_no_serving_without_a_secret_key(tmp_path):
    path = write(
        tmp_path,
        f'[database]\nurl = "sqlite:///{tmp_path}/bot.db"\n'
        '[twilio]\nauth_token = "token"\n',
    )

    result = run_cli(path, "serve")

    assert result.returncode == 2
    assert "[bot] secret_key is empty" in result.stderr


def test_no_serving_without_an_auth_token_to_check_signatures(tmp_path):
    path = write(tmp_path, '[bot]\nsecret_key = "s"\n')

    result = run_cli(path, "serve")

    assert result.returncode == 2
    assert "[twilio] auth_token is empty" in result.stderr


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[worker]\nthreads = 0\n", "[worker] threads = 0: expected 1 or more"),
        ("[worker]\nbatch_size = 2.5\n", "expected a whole number"),
        ('[worker]\npoll_interval = "0s"\n', "[worker] poll_interval"),
        ("[bot]\nmax_body_kb = -1\n", "[bot] max_body_kb = -1"),
    ],
    ids=["no-threads", "half-a-batch", "no-interval", "no-body"],
)
def test_no_start_with_values_out_of_range(tmp_path, text, problem):
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text))

    assert any(problem in line for line in caught.value.problems)


def test_unknown_plugin_names_the_key(tmp_path):
    path = write(tmp_path, '[bot]\nplugins = ["handlers", "nowhere"]\n')

    result = run_cli(path, "db", "upgrade")

    assert result.returncode == 2
    assert "[bot] plugins" in result.stderr
    assert "'nowhere'" in result.stderr
