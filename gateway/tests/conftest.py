"""Fixtures of the gateway's conformance tests (helpers live in gateway_federation.py)."""

from gateway_federation import federation

__all__ = ["federation"]
