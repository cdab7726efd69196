"""What identity resolvers can reach: the pool and settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import asyncpg
from strawberry.types import Info

from identity.settings import IdentitySettings


@dataclass(frozen=True)
class IdentityContext:
    pool: asyncpg.Pool
    settings: IdentitySettings

    def as_dict(self) -> dict[str, Any]:
        return {"identity": self}


def identity_context(info: Info) -> IdentityContext:
    context: IdentityContext = info.context["identity"]
    return context
