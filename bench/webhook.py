"""Webhook: signed ``hulp`` commands per second through the production server.

Three servers run side by side under waitress with two threads each: the bot
with a small network, the bot with a large one (both SQLite, the webhook
only: ``serve --no-worker``), and a Flask app that only checks the signature
(bench/echo_app.py). A few client threads post a fixed number of signed
requests to each in turn, round after round.
"""

from __future__ import annotations

import itertools
import threading
import time
from pathlib import Path

import requests
from twilio.request_validator import RequestValidator

from bench import seed
from bench.common import (
    NOWHERE,
    Section,
    answers,
    create_schema,
    free_port,
    overrides,
    recipients,
    start_process,
    stop_process,
    wait_until,
    write_config,
)
from bench.far_end import AUTH_TOKEN
from bot.db import Database
from tests.twilio_forms import inbound

PUBLIC_URL = "https://buurtalert.bench"
CLIENTS = 3


class Server:
    """One server in a subprocess, on a port of its own."""

    def __init__(self, name: str, port: int, args: list[str], tmp: Path) -> None:
        self.name = name
        self.url = f"http://127.0.0.1:{port}"
        self.process = start_process(args, tmp / f"{name}.log")

    def wait(self) -> None:
        wait_until(lambda: answers(self.url + "/healthz"), 120, self.name)


def bot_server(name: str, tmp: Path, members: list[str]) -> Server:
    url = f"sqlite:///{tmp / name}.db"
    create_schema(url)
    db = Database(url)
    seed.members(db, members)
    db.dispose()

    sections = overrides(url, NOWHERE)
    sections["bot"]["public_url"] = PUBLIC_URL
    config = write_config(tmp / f"{name}.toml", sections)
    port = free_port()
    args = ["-m", "bot", "--config", str(config), "serve", "--no-worker"]
    return Server(name, port, [*args, "--threads", "2", "--port", str(port)], tmp)


def echo_server(tmp: Path) -> Server:
    port = free_port()
    args = ["-m", "bench.echo_app", str(port), PUBLIC_URL, AUTH_TOKEN]
    return Server("echo", port, args, tmp)


def post_all(server: Server, senders: list[str], count: int) -> tuple[float, int]:
    """Post ``count`` signed ``hulp`` commands; (seconds, failures)."""
    validator = RequestValidator(AUTH_TOKEN)
    cycle = itertools.cycle(senders)
    lock = threading.Lock()
    failures = [0]

    def client(share: int) -> None:
        session = requests.Session()
        for _ in range(share):
            with lock:
                form = inbound(next(cycle), "hulp")
            signature = validator.compute_signature(
                PUBLIC_URL + "/twilio/whatsapp", form
            )
            answer = session.post(
                server.url + "/twilio/whatsapp",
                data=form,
                headers={"X-Twilio-Signature": signature},
                timeout=30,
            )
            if answer.status_code != 200:
                with lock:
                    failures[0] += 1

    threads = [
        threading.Thread(target=client, args=(count // CLIENTS,))
        for _ in range(CLIENTS)
    ]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - start, failures[0]


def run(tmp: Path, sizes: list[int], requests_per_round: int, rounds: int) -> Section:
    small, large = sorted(sizes)[0], sorted(sizes)[-1]
    section = Section("Webhook")
    section.info.append(
        f"SQLite, waitress with 2 threads, {CLIENTS} clients,"
        f" {rounds} rounds of {requests_per_round} requests per server"
    )
    everyone = recipients(large)
    servers = [
        bot_server("bot-small", tmp, everyone[:small]),
        bot_server("bot-large", tmp, everyone),
        echo_server(tmp),
    ]
    senders = {"bot-small": everyone[:small], "bot-large": everyone, "echo": everyone}
    try:
        for server in servers:
            server.wait()
        spent = _rounds(servers, senders, requests_per_round, rounds, section)
    finally:
        for server in servers:
            stop_process(server.process)

    _judge(section, spent, requests_per_round * rounds, small, large)
    return section


def _rounds(servers, senders, count, rounds, section) -> dict[str, float]:
    spent = dict.fromkeys((s.name for s in servers), 0.0)
    for server in servers:
        post_all(server, senders[server.name], 30)  # warm up
    for number in range(rounds):
        turn = servers[number % 3 :] + servers[: number % 3]
        for server in turn:
            seconds, failed = post_all(server, senders[server.name], count)
            spent[server.name] += seconds
            if failed:
                section.info.append(
                    f"{server.name}: {failed} requests not answered 200"
                )
    return spent


def _judge(section: Section, spent: dict[str, float], total: int, small, large):
    rate = {
        name: (total // CLIENTS * CLIENTS) / seconds for name, seconds in spent.items()
    }
    ratio = rate["bot-small"] / rate["echo"]
    growth = spent["bot-large"] / spent["bot-small"]
    section.add(
        f"{small:,} members: bot / signature-only req/s",
        f"{ratio:.2f}",
        ">= 0.5",
        ratio >= 0.5,
    )
    section.add(
        f"time, {large:,} members / {small:,} members",
        f"{growth:.2f}",
        "<= 1.2",
        growth <= 1.2,
    )
    section.info.append(
        f"bot with {small:,} members {rate['bot-small']:,.0f} req/s, with {large:,}"
        f" {rate['bot-large']:,.0f} req/s; signature only {rate['echo']:,.0f} req/s"
    )
    if ratio < 0.5:
        section.limits.append(
            "each command is one transaction of five statements (the inbound"
            " row, the contact, the sender, their conversation, the reply) under"
            " SQLite's single writer, against an app that only checks the"
            " signature"
        )
    if growth > 1.2:
        section.limits.append("the command's cost grows with the number of members")
