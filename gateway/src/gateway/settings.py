"""Gateway settings: the subgraphs, limits and timeouts, read once from the environment."""

from __future__ import annotations

from pydantic import Field

from atlaskit.settings import AtlasSettings


class GatewaySettings(AtlasSettings):
    service_name: str = "gateway"
    subgraphs: dict[str, str] = Field(default_factory=dict, validation_alias="GATEWAY_SUBGRAPHS")
    subgraph_timeout_seconds: float = Field(10.0, validation_alias="GATEWAY_SUBGRAPH_TIMEOUT")
    startup_timeout_seconds: float = Field(60.0, validation_alias="GATEWAY_STARTUP_TIMEOUT")
    max_body_bytes: int = Field(1_000_000, validation_alias="GATEWAY_MAX_BODY_BYTES")
    plan_cache_size: int = Field(1000, validation_alias="GATEWAY_PLAN_CACHE_SIZE")
    forwarded_headers: tuple[str, ...] = ("authorization",)
