"""What quota resolvers and routes reach: the meter, the ledger's pool, settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import asyncpg

from atlaskit.resources import ServiceResources
from atlaskit.settings import AtlasSettings
from quota.adapters.meter import ViewMeter

METER = "meter"


@dataclass(frozen=True)
class QuotaContext:
    meter: ViewMeter
    pool: asyncpg.Pool
    settings: AtlasSettings

    @classmethod
    def of(cls, resources: ServiceResources) -> QuotaContext:
        return cls(resources.extras[METER], resources.pool, resources.settings)

    def as_dict(self) -> dict[str, Any]:
        return {"quota": self}
