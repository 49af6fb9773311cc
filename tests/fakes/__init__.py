"""Fakes of the world at its edge: a local Twilio, and what goes with it."""
