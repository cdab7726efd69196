"""Assistant settings, read once from the environment."""

from __future__ import annotations

from pydantic import Field

from atlaskit.settings import AtlasSettings


class AssistantSettings(AtlasSettings):
    service_name: str = "assistant"
    # The catalog subgraph CasePilot's tools ask (NCCI checks); public fields only.
    catalog_url: str = Field(
        "http://127.0.0.1:4001/graphql", validation_alias="ASSISTANT_CATALOG_URL"
    )
    catalog_timeout_seconds: float = Field(10.0, validation_alias="ASSISTANT_CATALOG_TIMEOUT")

    @property
    def dsn(self) -> str:
        return self.service_database_url("assistant")
