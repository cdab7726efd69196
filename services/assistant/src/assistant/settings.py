"""Assistant settings, read once from the environment."""

from __future__ import annotations

from pydantic import Field

from atlaskit.settings import AtlasSettings


class AssistantSettings(AtlasSettings):
    service_name: str = "assistant"
    # The catalog subgraph CasePilot's tools ask, signed as the assistant service.
    catalog_url: str = Field(
        "http://127.0.0.1:4001/graphql", validation_alias="ASSISTANT_CATALOG_URL"
    )
    catalog_timeout_seconds: float = Field(10.0, validation_alias="ASSISTANT_CATALOG_TIMEOUT")
    # The search subgraph, for "which code fits this description" questions.
    search_url: str = Field(
        "http://127.0.0.1:4002/graphql", validation_alias="ASSISTANT_SEARCH_URL"
    )
    # CodeAtlas's own guidance topics (E/M levels, modifiers, conventions); the packaged file
    # unless another is given.
    guidance_file: str | None = Field(None, validation_alias="ASSISTANT_GUIDANCE_FILE")

    # The quota service, which decides each question against the viewer's plan.
    quota_url: str = Field("http://127.0.0.1:4003", validation_alias="ASSISTANT_QUOTA_URL")
    quota_timeout_seconds: float = Field(5.0, validation_alias="ASSISTANT_QUOTA_TIMEOUT")

    # An optional OpenAI-compatible chat endpoint (base URL ending in /v1) that rewords the
    # grounded answers; unset, answers are composed offline and deterministically.
    llm_url: str | None = Field(None, validation_alias="ASSISTANT_LLM_URL")
    llm_model: str = Field("gpt-4o-mini", validation_alias="ASSISTANT_LLM_MODEL")
    llm_api_key: str | None = Field(None, validation_alias="ASSISTANT_LLM_API_KEY")
    llm_timeout_seconds: float = Field(20.0, validation_alias="ASSISTANT_LLM_TIMEOUT")

    @property
    def dsn(self) -> str:
        return self.service_database_url("assistant")
