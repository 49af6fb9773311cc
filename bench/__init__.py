"""Benchmarks: the bot against baselines measured in the same run."""
