"""Fixtures of the gateway's tests (helpers live in gateway_federation.py and
streaming_federation.py)."""

from gateway_federation import federation
from streaming_federation import streaming

__all__ = ["federation", "streaming"]
