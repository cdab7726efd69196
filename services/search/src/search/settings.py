"""Search settings, read once from the environment."""

from __future__ import annotations

from atlaskit.settings import AtlasSettings


class SearchSettings(AtlasSettings):
    service_name: str = "search"

    @property
    def dsn(self) -> str:
        return self.service_database_url("search")
