"""Runs CodeAtlas on one machine."""
