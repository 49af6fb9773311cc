"""Fixtures shared by every test."""

from tests.fakes.fixtures import fake_twilio

__all__ = ["fake_twilio"]
