"""A tiny bot built on the framework alone, to test the framework."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from bot.config import Config
from bot.context import Context
from bot.registry import Arg, Command, Conversation, Registry, Sender
from bot.update import Update

ADMIN = "whatsapp:+31600000001"
MEMBER = "whatsapp:+31600000002"

TEXTS = {
    "sample.echo": {"nl": "Jij zei: {text}", "en": "You said: {text}"},
    "sample.secret": {"nl": "Het geheim is 42.", "en": "The secret is 42."},
    "sample.count": {"nl": "Tot {n} geteld.", "en": "Counted to {n}."},
    "sample.report": {"nl": "Melding ontvangen.", "en": "Report received."},
    "sample.ask_name": {"nl": "Hoe heet je?", "en": "What is your name?"},
    "sample.ask_colour": {"nl": "Welke kleur, {name}?", "en": "Which colour, {name}?"},
    "sample.done": {"nl": "{name} houdt van {colour}.", "en": "{name} likes {colour}."},
    "sample.button": {"nl": "Knop {value}.", "en": "Button {value}."},
    "command.echo.usage": {"nl": "echo <tekst>", "en": "echo <text>"},
    "command.echo.summary": {"nl": "herhaalt je tekst", "en": "repeats your text"},
    "command.geheim.usage": {"nl": "geheim", "en": "secret"},
    "command.geheim.summary": {"nl": "alleen voor beheerders", "en": "admins only"},
    "command.tel.usage": {"nl": "tel <getal>", "en": "count <number>"},
    "command.tel.summary": {"nl": "telt", "en": "counts"},
}


def resolve(_session: Session, update: Update, _config: Config) -> Sender:
    roles = {ADMIN: {"admin", "member"}, MEMBER: {"member"}}.get(update.sender)
    return Sender(update.sender, frozenset(roles or {"stranger"}))


def echo(ctx: Context) -> None:
    ctx.reply("sample.echo", text=ctx.args["text"])


def secret(ctx: Context) -> None:
    ctx.reply("sample.secret")


def count(ctx: Context) -> None:
    ctx.reply("sample.count", n=ctx.args["n"])


def explode(ctx: Context) -> None:
    ctx.reply("sample.secret")
    raise RuntimeError("the handler broke")


def report(ctx: Context) -> None:
    ctx.reply("sample.report")


def begin(ctx: Context) -> None:
    ctx.start("survey", "name")
    ctx.reply("sample.ask_name")


def got_name(ctx: Context) -> None:
    ctx.goto("colour", name=ctx.update.text)
    ctx.reply("sample.ask_colour", name=ctx.update.text)


def got_colour(ctx: Context) -> None:
    assert ctx.conversation is not None
    name = ctx.conversation.data["name"]
    ctx.end()
    ctx.reply("sample.done", name=name, colour=ctx.update.text)


def pressed(ctx: Context) -> None:
    ctx.reply("sample.button", value=ctx.update.button_payload.partition(":")[2])


def setup(registry: Registry) -> None:
    registry.texts.add(TEXTS)
    registry.sender_resolver(resolve)
    registry.command(Command("echo", echo, args=(Arg("text", greedy=True),)))
    registry.command(
        Command("geheim", secret, aliases=("secret",), roles=frozenset({"admin"}))
    )
    registry.command(Command("tel", count, aliases=("count",), args=(Arg("n", int),)))
    registry.command(Command("boem", explode, hidden=True))
    registry.command(Command("begin", begin, hidden=True))
    registry.conversation(
        Conversation(
            "survey",
            {"name": got_name, "colour": got_colour},
            timeout=dt.timedelta(minutes=10),
        )
    )
    registry.button("press", pressed)
    registry.default("member", report)
