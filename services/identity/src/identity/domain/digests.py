"""Opaque secrets (refresh tokens, API keys) are stored only as their SHA-256."""

from __future__ import annotations

import hashlib


def secret_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
