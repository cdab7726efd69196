"""Fixtures of the gateway's tests (helpers live in gateway_federation.py,
codeset_federation.py and streaming_federation.py)."""

from codeset_federation import codesets, impatient_codesets
from gateway_federation import federation
from streaming_federation import streaming

__all__ = ["codesets", "federation", "impatient_codesets", "streaming"]
