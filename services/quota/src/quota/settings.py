"""Quota settings, read once from the environment."""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator

from atlaskit.settings import AtlasSettings
from quota.domain.plans import DEFAULT_PLANS, Plans, plans_from_config


class QuotaSettings(AtlasSettings):
    service_name: str = "quota"
    # JSON object of plans by name; each field overrides the default plan of that name
    # (monthly_views, views_per_second, locked_message, rate_limited_message), a new name
    # adds a plan. Example: QUOTA_PLANS='{"partner": {"monthly_views": 50000}}'.
    quota_plans: dict[str, Any] = Field(default_factory=lambda: dict(DEFAULT_PLANS))
    # How long a Redis command (or connect) may take before metering counts as unavailable.
    quota_redis_timeout_seconds: float = Field(1.0, gt=0)

    @field_validator("quota_plans")
    @classmethod
    def _plans_are_usable(cls, config: dict[str, Any]) -> dict[str, Any]:
        plans_from_config(config)
        return config

    @property
    def dsn(self) -> str:
        return self.service_database_url("quota")

    def plans(self) -> Plans:
        return plans_from_config(self.quota_plans)
