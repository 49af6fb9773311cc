"""Running ``python -m bot`` in a real process over a SQLite file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import select

from bot.app import BotApp, build, load_registry
from bot.db import Base, make_engine
from bot.migrate import alembic_config, schema_state
from models.escalation import EscalationStep
from tests.handlers.conftest import load_katwijk

ROOT = Path(__file__).parents[2]

# Until the project has its first migration no schema counts as current, and
# ``python -m bot`` refuses to start; then the schema check is left out.
_WITHOUT_SCHEMA_CHECK = (
    "import bot.cli as cli; cli.require_schema = lambda bot: None; cli.run()"
)


def toml_value(value: Any) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"

    return str(value)


def write_config(path: Path, sections: dict[str, dict[str, Any]]) -> Path:
    """A config file; ``steps`` inside ``escalation`` become [[escalation.step]]."""
    lines = []
    for name, values in sections.items():
        steps = values.get("steps", [])
        lines.append(f"[{name}]")
        lines += [f"{k} = {toml_value(v)}" for k, v in values.items() if k != "steps"]
        for step in steps:
            lines.append(f"[[{name}.step]]")
            lines += [f"{k} = {toml_value(v)}" for k, v in step.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    return path


def prepare(config: Path) -> BotApp:
    """Create the schema in the config's database and import Katwijk."""
    bot = build(config)
    load_registry(["handlers"])
    Base.metadata.create_all(bot.db.engine)
    command.stamp(alembic_config(bot.config.database.url), "head")
    load_katwijk(bot)

    return bot


def command_line(bot: BotApp, config: Path, *args: str) -> list[str]:
    engine = make_engine(bot.config.database.url)
    state = schema_state(engine)
    engine.dispose()
    if state == "current":
        return [sys.executable, "-m", "bot", "--config", str(config), *args]

    return [sys.executable, "-c", _WITHOUT_SCHEMA_CHECK, "--config", str(config), *args]


def start(bot: BotApp, config: Path, log: Path, *args: str) -> subprocess.Popen[bytes]:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith("BUURTALERT")
    }
    with log.open("ab") as output:
        return subprocess.Popen(
            command_line(bot, config, *args),
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def all_steps(bot: BotApp) -> list[EscalationStep]:
    with bot.db.transaction() as session:
        query = select(EscalationStep).order_by(
            EscalationStep.alert_id, EscalationStep.position
        )
        return list(session.scalars(query))


def stop(process: subprocess.Popen[bytes], seconds: float = 10) -> None:
    """Ask ``process`` to stop; kill it when it does not within ``seconds``."""
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
