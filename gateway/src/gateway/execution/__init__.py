"""Execution: run a plan's fetches, merge their results, shape the response."""
