"""The demo's story, played over HTTP against a running demo.

Each :class:`Step` is one thing a person does and what must follow: the
messages that must arrive, each waited for within a bounded time. A step's
texts may use values that earlier steps saved (``{alert}``: the alert's
number). Adjust the list as features land; :func:`play` stops at the first
step whose messages do not come, and says which and why.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests

from web.simulator import PHOTO_PATH
from web.twilio_form import inbound_form, post_signed


@dataclass(frozen=True)
class Person:
    number: str
    name: str
    role: str

    @property
    def address(self) -> str:
        return f"whatsapp:{self.number}"

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"


PEOPLE = {
    "meldkamer": Person("+31612340000", "Meldkamer Den Haag", "meldkamer"),
    "joke": Person("+31612341001", "Joke van der Plas", "hoofdbeheerder Hoornes"),
    "pieter": Person("+31612341002", "Pieter Haasnoot", "mede-beheerder Hoornes"),
    "kees": Person("+31612341011", "Kees Varkevisser", "deelnemer Hoornes"),
    "marieke": Person("+31612341012", "Marieke Ouwehand", "deelnemer Hoornes"),
    "bram": Person("+31612342011", "Bram van Duijn", "deelnemer Zee-Centrum"),
    "tom": Person("+31612343011", "Tom Vink", "deelnemer Rijnsoever"),
    "noor": Person("+31612349901", "Noor Visser", "nieuwe bewoner"),
}


@dataclass(frozen=True)
class Expect:
    """A message that must reach ``who``, its body matching ``pattern``.

    ``save`` keeps the pattern's first group under that name for later steps.
    """

    who: str
    pattern: str = "."
    buttons: bool = False
    save: str = ""


@dataclass(frozen=True)
class Step:
    title: str
    actor: str = ""  # who acts; empty: only wait
    text: str = ""
    tap: str = ""  # tap a button of the actor's last message whose title matches
    photo: bool = False
    expect: tuple[Expect, ...] = ()
    timeout: float = 15
    needs: str = ""  # the feature (branch) this step depends on
    lookback: bool = False  # messages that came in earlier steps count too


ALERT_TEXT = (
    "Inbraak bij woning Voorbeeldlaan, 2224 AA Katwijk. Man, donkere jas, "
    "op de fiets richting de duinen. Bel 112 bij zicht."
)

STORY = [
    Step(
        "De meldkamer stuurt een melding",
        actor="meldkamer",
        text=ALERT_TEXT,
        expect=(Expect("joke", r"#(\d+)", save="alert"),),
        needs="alerts (issue 4)",
    ),
    Step(
        "De bot stelt een buurt voor",
        expect=(Expect("joke", r"(?i)hoornes"),),
        lookback=True,
        needs="alerts (issue 4)",
    ),
    Step(
        "Niemand bevestigt: de mede-beheerder krijgt een herinnering",
        expect=(Expect("pieter", r"#{alert}", buttons=True),),
        timeout=75,
        needs="escalation (issue 5)",
    ),
    Step(
        "De mede-beheerder tikt op de knop",
        actor="pieter",
        tap=".",
        expect=(Expect("pieter"),),
        needs="escalation (issue 5)",
    ),
    Step(
        "Hij stuurt de melding door naar Hoornes",
        actor="pieter",
        text="door {alert} hoornes",
        expect=(Expect("kees", r"Voorbeeldlaan"),),
        needs="alerts (issue 4)",
    ),
    Step(
        "En schaalt op naar de buurten eromheen",
        actor="pieter",
        text="opschalen {alert} buren",
        expect=(Expect("bram", r"Voorbeeldlaan"), Expect("tom", r"Voorbeeldlaan")),
        needs="alerts (issue 4)",
    ),
    Step(
        "Een bewoner meldt iets, met een foto",
        actor="kees",
        text="Verdacht busje zonder kenteken bij de speeltuin",
        photo=True,
        expect=(Expect("marieke", r"busje"),),
        needs="alerts (issue 4): a member's report",
    ),
    Step(
        "Een nieuwe bewoner meldt zich aan",
        actor="noor",
        text="aanmelden",
        expect=(Expect("noor"),),
        needs="membership (issue 6)",
    ),
    Step(
        "Ze geeft haar naam",
        actor="noor",
        text="Noor Visser",
        expect=(Expect("noor"),),
        needs="membership (issue 6)",
    ),
    Step(
        "En haar adres; de bot stelt haar buurt voor",
        actor="noor",
        text="Voorbeeldlaan 12, 2224 AB Katwijk",
        expect=(Expect("noor", r"Hoornes"),),
        needs="membership (issue 6)",
    ),
    Step(
        "Ze bevestigt haar buurt en krijgt de huisregels",
        actor="noor",
        text="ja",
        expect=(Expect("noor", r"112"),),
        needs="membership (issue 6)",
    ),
    Step(
        "Ze gaat akkoord; de hoofdbeheerder krijgt de aanvraag",
        actor="noor",
        text="akkoord",
        expect=(Expect("joke", r"goedkeuren (\w+)", save="code"),),
        needs="membership (issue 6)",
    ),
    Step(
        "De hoofdbeheerder keurt haar goed",
        actor="joke",
        text="goedkeuren {code}",
        expect=(Expect("noor", r"(?i)welkom"),),
        needs="membership (issue 6)",
    ),
    Step(
        "Een deelnemer meldt zich af",
        actor="marieke",
        text="afmelden",
        expect=(Expect("marieke"),),
        needs="membership (issue 6)",
    ),
]


class StepFailed(Exception):
    """A step's message did not arrive in time, or its action failed."""


class DemoClient:
    """Talks to a running demo: signed webhook posts, chat reads."""

    def __init__(self, url: str, auth_token: str) -> None:
        self.url = url.rstrip("/")
        self.auth_token = auth_token
        self.http = requests.Session()

    def chat(self, person: Person) -> list[dict[str, Any]]:
        response = self.http.get(
            self.url + "/demo/api/chat", params={"address": person.address}, timeout=10
        )
        response.raise_for_status()
        return list(response.json()["messages"])

    def sent_to(self, person: Person) -> list[dict[str, Any]]:
        return [m for m in self.chat(person) if m["direction"] == "out"]

    def post(self, form: dict[str, str]) -> None:
        status = post_signed(self.url + "/twilio/whatsapp", form, self.auth_token)
        if status != 200:
            raise StepFailed(f"the webhook answered HTTP {status}")


@dataclass
class Player:
    client: DemoClient
    echo: Callable[[str], None]
    saved: dict[str, str] = field(default_factory=dict)
    baseline: dict[str, set[str]] = field(default_factory=dict)

    def begin(self) -> None:
        """Note what everyone had before the story, so that reruns work."""
        self.baseline = {who: self._ids(who) for who in PEOPLE}

    def run(self, number: int, step: Step) -> None:
        self.echo(f"\n{number}. {step.title}")
        before = {e.who: self._ids(e.who) for e in step.expect}
        if step.lookback:
            before = {who: self.baseline[who] for who in before}
        if step.actor:
            self._act(step)
        for expect in step.expect:
            self._wait(step, expect, before[expect.who])

    def _ids(self, who: str) -> set[str]:
        return {m["id"] for m in self.client.sent_to(PEOPLE[who])}

    def _act(self, step: Step) -> None:
        person = PEOPLE[step.actor]
        if step.tap:
            payload, title = self._button(person, step.tap)
            self.echo(f"   {person.name}: [tikt op '{title}']")
            form = inbound_form(
                person.number, profile_name=person.name, button=(payload, title)
            )
        else:
            text = step.text.format(**self.saved)
            media = ((self.client.url + PHOTO_PATH, "image/png"),) if step.photo else ()
            self.echo(f"   {person.name}: {text}" + (" [foto]" if media else ""))
            form = inbound_form(person.number, text, person.name, media=media)
        self.client.post(form)

    def _button(self, person: Person, pattern: str) -> tuple[str, str]:
        for message in reversed(self.client.sent_to(person)):
            for button in message["buttons"]:
                if re.search(pattern, button["title"]):
                    return button["payload"], button["title"]
        raise StepFailed(f"{person} has no button matching {pattern!r} to tap")

    def _wait(self, step: Step, expect: Expect, seen: set[str]) -> None:
        person = PEOPLE[expect.who]
        pattern = expect.pattern.format(**self.saved)
        deadline = time.monotonic() + step.timeout
        while time.monotonic() < deadline:
            for message in self.client.sent_to(person):
                if message["id"] not in seen and self._fits(message, expect, pattern):
                    return self._show(person, message, expect, pattern)
            time.sleep(0.5)
        wanted = " with buttons" if expect.buttons else ""
        raise StepFailed(
            f"no message{wanted} matching '{pattern}' reached {person}"
            f" within {step.timeout:.0f}s"
        )

    def _fits(self, message: dict[str, Any], expect: Expect, pattern: str) -> bool:
        if expect.buttons and not message["buttons"]:
            return False
        return re.search(pattern, message["body"]) is not None

    def _show(
        self, person: Person, message: dict[str, Any], expect: Expect, pattern: str
    ) -> None:
        match = re.search(pattern, message["body"])
        if expect.save and match and match.groups():
            self.saved[expect.save] = match.group(1)
        body = message["body"].replace("\n", "\n      ")
        self.echo(f"   → {person}:\n      {body}")
        for button in message["buttons"]:
            self.echo(f"      [{button['title']}]")


def play(
    url: str, auth_token: str, echo: Callable[[str], None], story: list[Step] = STORY
) -> int:
    """Play ``story`` against the demo at ``url``; 0 when every step happened."""
    player = Player(DemoClient(url, auth_token), echo)
    try:
        player.begin()
    except requests.RequestException as err:
        echo(f"No demo answers at {url}: {err}")
        return 1

    for number, step in enumerate(story, start=1):
        try:
            player.run(number, step)
        except (StepFailed, requests.RequestException) as err:
            echo(f"\nStep {number} failed: {step.title}\n   {err}")
            if step.needs:
                echo(f"   This step needs: {step.needs}")
            return 1

    echo(f"\nAll {len(story)} steps happened.")
    return 0
