"""Configuration: one TOML file, checked as a whole before anything runs.

A section is a dataclass. Each field's type says how its TOML value is read;
:class:`Duration` fields take ``"30s"``, ``"5m"`` or ``"2h"``. Plugins add
sections of their own with :func:`register_section`, so that one pass over
the file names every bad key, the framework's and the domain's alike.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import tomllib
import types
import typing
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from bot.errors import ConfigError

T = TypeVar("T")

# The application's plugins when the config names none.
DEFAULT_PLUGINS = ("handlers", "web")

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$")
_UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}
_LONGEST = 3650 * 86400  # ten years: longer is a typo, and overflows dates


class Duration(dt.timedelta):
    """A timedelta read from text such as ``"30s"``, ``"5m"`` or ``"2h"``."""

    @classmethod
    def parse(cls, text: str) -> Duration:
        match = _DURATION.match(text)
        if not match:
            raise ValueError("expected a duration such as 30s, 5m or 2h")

        seconds = float(match.group(1)) * _UNITS[match.group(2)]
        if seconds > _LONGEST:
            raise ValueError("expected a duration of at most 3650d")

        return cls(seconds=seconds)


@dataclass
class BotSection:
    language: str = "nl"
    timezone: str = "Europe/Amsterdam"
    public_url: str = "http://127.0.0.1:8080"
    secret_key: str = ""
    plugins: list[str] = field(default_factory=lambda: list(DEFAULT_PLUGINS))
    max_body_kb: int = 64

    def check(self) -> list[str]:
        problems = []
        if self.language not in ("nl", "en"):
            problems.append(f"[bot] language = {self.language!r}: expected nl or en")
        if self.max_body_kb < 1:
            problems.append(
                f"[bot] max_body_kb = {self.max_body_kb!r}: expected 1 or more"
            )
        try:
            zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            problems.append(
                f"[bot] timezone = {self.timezone!r}: expected an IANA time zone"
                " such as Europe/Amsterdam"
            )
        if not re.match(r"^https?://[^/\s]+", self.public_url):
            problems.append(
                f"[bot] public_url = {self.public_url!r}: expected the base URL"
                " Twilio calls, such as https://buurtalert.example.nl"
            )

        return problems

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


@dataclass
class DatabaseSection:
    url: str = "sqlite:///var/buurtalert.db"

    def check(self) -> list[str]:
        if not re.match(r"^(sqlite|postgresql(\+psycopg)?)://", self.url):
            return [
                f"[database] url = {self.url!r}: expected sqlite:///PATH or"
                " postgresql+psycopg://USER@HOST/NAME"
            ]

        return []


@dataclass
class TwilioSection:
    account_sid: str = ""
    auth_token: str = ""
    whatsapp_from: str = ""
    messaging_service_sid: str = ""
    api_base: str = ""
    validate_signature: bool = True
    messages_per_second: float = 10.0
    timeout: Duration = field(default_factory=lambda: Duration(seconds=10))
    templates: dict[str, str] = field(default_factory=dict)

    def check(self) -> list[str]:
        problems = []
        if self.account_sid and not re.match(r"^AC[0-9a-fA-F]{32}$", self.account_sid):
            problems.append(
                f"[twilio] account_sid = {self.account_sid!r}: expected AC followed"
                " by 32 hexadecimal characters"
            )
        if self.whatsapp_from and not self.whatsapp_from.startswith("whatsapp:+"):
            problems.append(
                f"[twilio] whatsapp_from = {self.whatsapp_from!r}: expected"
                " whatsapp:+ and the sender's number"
            )
        if self.messages_per_second < 1:
            # The throttle admits whole sends per second window.
            problems.append(
                f"[twilio] messages_per_second = {self.messages_per_second!r}:"
                " must be at least 1"
            )

        return problems


@dataclass
class WorkerSection:
    transport: str = "twilio"
    poll_interval: Duration = field(default_factory=lambda: Duration(seconds=1))
    threads: int = 8
    batch_size: int = 250
    max_attempts: int = 8
    retry_base: Duration = field(default_factory=lambda: Duration(seconds=2))
    sending_timeout: Duration = field(default_factory=lambda: Duration(minutes=2))

    def check(self) -> list[str]:
        problems = []
        if self.transport not in ("twilio", "local"):
            problems.append(
                f"[worker] transport = {self.transport!r}: expected twilio or local"
            )
        for key in ("threads", "batch_size", "max_attempts"):
            if getattr(self, key) < 1:
                problems.append(
                    f"[worker] {key} = {getattr(self, key)!r}: expected 1 or more"
                )
        for key in ("poll_interval", "retry_base", "sending_timeout"):
            if getattr(self, key).total_seconds() <= 0:
                problems.append(f"[worker] {key}: expected a duration above 0s")

        return problems


_SECTIONS: dict[str, type[Any]] = {
    "bot": BotSection,
    "database": DatabaseSection,
    "twilio": TwilioSection,
    "worker": WorkerSection,
}

# Secrets that may come from the environment; they win over the file.
_ENV = {
    ("bot", "secret_key"): "BUURTALERT_SECRET_KEY",
    ("twilio", "auth_token"): "BUURTALERT_TWILIO_AUTH_TOKEN",
    ("database", "url"): "BUURTALERT_DATABASE_URL",
}


def register_section(
    name: str, cls: type[Any], env: dict[str, str] | None = None
) -> None:
    """Add a plugin's section ``[name]``, read into the dataclass ``cls``.

    ``env`` maps field names to environment variables that win over the file.
    """
    _SECTIONS[name] = cls
    for key, variable in (env or {}).items():
        _ENV[(name, key)] = variable


class Config:
    """The whole configuration: one attribute-free mapping of sections."""

    def __init__(self, sections: dict[str, Any], path: Path | None) -> None:
        self._sections = sections
        self.path = path

    def section(self, name: str, cls: type[T]) -> T:
        value = self._sections[name]
        assert isinstance(value, cls)
        return value

    @property
    def bot(self) -> BotSection:
        return self.section("bot", BotSection)

    @property
    def database(self) -> DatabaseSection:
        return self.section("database", DatabaseSection)

    @property
    def twilio(self) -> TwilioSection:
        return self.section("twilio", TwilioSection)

    @property
    def worker(self) -> WorkerSection:
        return self.section("worker", WorkerSection)

    def replace(self, name: str, **changes: Any) -> None:
        """Change fields of one section (the demo and tests use this)."""
        self._sections[name] = dataclasses.replace(self._sections[name], **changes)


def find_config_path(explicit: str | None) -> Path:
    """``--config``, else ``BUURTALERT_CONFIG``, else ``./config.toml``."""
    return Path(explicit or os.environ.get("BUURTALERT_CONFIG") or "config.toml")


def load_config(path: Path | None, overrides: dict[str, Any] | None = None) -> Config:
    """Read and check the file at ``path`` (None: defaults only).

    Raises :class:`ConfigError` listing every problem, one line each.
    """
    raw = _read_toml(path)
    for section, values in (overrides or {}).items():
        raw.setdefault(section, {}).update(values)

    problems: list[str] = []
    sections = {}
    for name, cls in _SECTIONS.items():
        values = _with_environment(name, raw.pop(name, {}))
        sections[name] = _build(name, cls, values, problems)
    problems.extend(f"[{name}]: unknown section" for name in raw)
    if problems:
        raise ConfigError(problems)

    return Config(sections, path)


def _read_toml(path: Path | None) -> dict[str, Any]:
    if path is None:
        return {}
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as err:
        raise ConfigError(
            [f"{path}: no such config file (copy config.example.toml)"]
        ) from err
    except tomllib.TOMLDecodeError as err:
        raise ConfigError([f"{path}: not valid TOML: {err}"]) from err


def _with_environment(name: str, values: Any) -> Any:
    if not isinstance(values, dict):
        return values
    for (section, key), variable in _ENV.items():
        if section == name and os.environ.get(variable):
            values[key] = os.environ[variable]

    return values


def _build(name: str, cls: type[Any], values: Any, problems: list[str]) -> Any:
    if not isinstance(values, dict):
        problems.append(f"[{name}]: expected a table of keys")
        return cls()

    hints = typing.get_type_hints(cls)
    known = {f.name for f in dataclasses.fields(cls)}
    problems.extend(
        f"[{name}] {key}: unknown key" for key in values if key not in known
    )
    kwargs = {}
    for key in known & values.keys():
        try:
            kwargs[key] = _coerce(hints[key], values[key])
        except _NestedProblems as err:
            problems.extend(f"[{name}] {key}{problem}" for problem in err.problems)
        except (TypeError, ValueError) as err:
            problems.append(f"[{name}] {key} = {values[key]!r}: {err}")

    section = cls(**kwargs)
    problems.extend(getattr(section, "check", list)())
    return section


def _coerce(hint: Any, value: Any) -> Any:
    origin = typing.get_origin(hint)
    if hint is Duration:
        if not isinstance(value, str):
            raise TypeError("expected a duration such as 30s, 5m or 2h")
        return Duration.parse(value)
    if hint is bool:
        if not isinstance(value, bool):
            raise TypeError("expected true or false")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError("expected a whole number")
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError("expected a number")
        return float(value)
    if hint is str:
        if not isinstance(value, str):
            raise TypeError("expected text in quotes")
        return value
    if origin is list:
        if not isinstance(value, list):
            raise TypeError("expected a list")
        (item,) = typing.get_args(hint)
        return _coerce_items(item, value)
    if origin is dict:
        if not isinstance(value, dict):
            raise TypeError("expected a table")
        _key, item = typing.get_args(hint)
        return {k: _coerce(item, v) for k, v in value.items()}
    if origin in (types.UnionType, typing.Union):
        return value
    if dataclasses.is_dataclass(hint):
        if not isinstance(value, dict):
            raise TypeError("expected a table")
        return _coerce_table(typing.cast(type[Any], hint), value)

    return value


class _NestedProblems(ValueError):
    """Problems inside a list or table, each as ``.path = value: reason``."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


def _nested(path: str, value: Any, err: Exception) -> list[str]:
    if isinstance(err, _NestedProblems):
        return [f"{path}{problem}" for problem in err.problems]

    return [f"{path} = {value!r}: {err}"]


def _coerce_items(item: Any, values: list[Any]) -> list[Any]:
    """Each item of a list; a bad one is named by its place, counted from 1."""
    result, problems = [], []
    for number, value in enumerate(values, start=1):
        try:
            result.append(_coerce(item, value))
        except (TypeError, ValueError) as err:
            problems.extend(_nested(f"[{number}]", value, err))
    if problems:
        raise _NestedProblems(problems)

    return result


def _coerce_table(cls: type[Any], values: dict[str, Any]) -> Any:
    """A dataclass from a table; every bad, unknown or missing key is named."""
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    problems = [f".{key}: unknown key" for key in values if key not in fields]
    problems += [
        f".{key}: missing"
        for key, f in fields.items()
        if key not in values
        and f.default is dataclasses.MISSING
        and f.default_factory is dataclasses.MISSING
    ]
    kwargs = {}
    for key in fields.keys() & values.keys():
        try:
            kwargs[key] = _coerce(hints[key], values[key])
        except (TypeError, ValueError) as err:
            problems.extend(_nested(f".{key}", values[key], err))
    if problems:
        raise _NestedProblems(problems)

    return cls(**kwargs)
