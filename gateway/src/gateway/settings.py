"""Gateway settings: the subgraphs, limits and timeouts, read once from the environment."""

from __future__ import annotations

from pydantic import Field

from atlaskit.settings import AtlasSettings


class GatewaySettings(AtlasSettings):
    service_name: str = "gateway"
    subgraphs: dict[str, str] = Field(default_factory=dict, validation_alias="GATEWAY_SUBGRAPHS")
    subgraph_timeout_seconds: float = Field(10.0, validation_alias="GATEWAY_SUBGRAPH_TIMEOUT")
    # How long a subscription's subgraph may send nothing, not even the heartbeat strawberry
    # sends every 15 seconds, before the stream is given up as broken.
    subscription_idle_seconds: float = Field(45.0, validation_alias="GATEWAY_SUBSCRIPTION_IDLE")
    startup_timeout_seconds: float = Field(60.0, validation_alias="GATEWAY_STARTUP_TIMEOUT")
    max_body_bytes: int = Field(1_000_000, validation_alias="GATEWAY_MAX_BODY_BYTES")
    plan_cache_size: int = Field(1000, validation_alias="GATEWAY_PLAN_CACHE_SIZE")
    forwarded_headers: tuple[str, ...] = ("authorization",)
    # Where guest tokens, API keys and the access tokens' public keys are checked; by
    # default the identity subgraph's service.
    identity_url: str | None = Field(None, validation_alias="GATEWAY_IDENTITY_URL")
    # How long a verified API key is trusted before identity is asked again (revocation lag).
    api_key_cache_seconds: float = Field(5.0, validation_alias="GATEWAY_API_KEY_CACHE_SECONDS")

    def identity_base_url(self) -> str | None:
        if self.identity_url:
            return self.identity_url.rstrip("/")
        subgraph = self.subgraphs.get("identity")
        return subgraph.removesuffix("/graphql") if subgraph else None
