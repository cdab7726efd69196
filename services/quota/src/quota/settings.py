"""Quota settings, read once from the environment."""

from __future__ import annotations

from atlaskit.settings import AtlasSettings


class QuotaSettings(AtlasSettings):
    service_name: str = "quota"

    @property
    def dsn(self) -> str:
        return self.service_database_url("quota")
