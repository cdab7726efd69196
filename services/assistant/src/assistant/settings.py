"""Assistant settings, read once from the environment."""

from __future__ import annotations

from atlaskit.settings import AtlasSettings


class AssistantSettings(AtlasSettings):
    service_name: str = "assistant"

    @property
    def dsn(self) -> str:
        return self.service_database_url("assistant")
