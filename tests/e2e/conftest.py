"""Fixtures of the end-to-end tests (helpers live in e2e_client.py)."""

from e2e_client import accounts, gateway, pro

__all__ = ["accounts", "gateway", "pro"]
