"""BuurtAlert's web pages: the sign-up form, the privacy statement, and the
demo with its chat simulator.

``web`` may import ``bot`` and ``models``; neither imports ``web``. Its
``setup`` registers the pages and the CLI commands with the framework.
"""

from __future__ import annotations

from bot.registry import Registry
from web import demo, signup, simulator


def setup(registry: Registry) -> None:
    """Register the web pages and the ``demo`` command."""
    registry.blueprint(signup.blueprint)
    registry.config_section("demo", simulator.DemoSection)
    registry.blueprint(simulator.blueprint)
    registry.cli(demo.demo)
