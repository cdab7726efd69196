"""Gateway settings: the subgraphs, limits and timeouts, read once from the environment."""

from __future__ import annotations

from pydantic import Field

from atlaskit.settings import AtlasSettings


class GatewaySettings(AtlasSettings):
    service_name: str = "gateway"
    subgraphs: dict[str, str] = Field(default_factory=dict, validation_alias="GATEWAY_SUBGRAPHS")
    subgraph_timeout_seconds: float = Field(10.0, validation_alias="GATEWAY_SUBGRAPH_TIMEOUT")
    # A query's subgraph call identical to one still in flight (same document, variables and
    # client headers) waits for that one's answer instead of being sent again.
    deduplicate_in_flight: bool = Field(True, validation_alias="GATEWAY_DEDUPLICATE_IN_FLIGHT")
    # How long a subscription's subgraph may send nothing, not even the heartbeat strawberry
    # sends every 15 seconds, before the stream is given up as broken.
    subscription_idle_seconds: float = Field(45.0, validation_alias="GATEWAY_SUBSCRIPTION_IDLE")
    startup_timeout_seconds: float = Field(60.0, validation_alias="GATEWAY_STARTUP_TIMEOUT")
    # How often each subgraph is asked for its SDL, to recompose the supergraph when one has
    # changed; 0: never, the supergraph composed at start serves until the gateway restarts.
    poll_interval_seconds: float = Field(10.0, validation_alias="GATEWAY_POLL_INTERVAL")
    max_body_bytes: int = Field(1_000_000, validation_alias="GATEWAY_MAX_BODY_BYTES")
    plan_cache_size: int = Field(1000, validation_alias="GATEWAY_PLAN_CACHE_SIZE")
    # Client headers passed on to every subgraph fetch; edge/headers.py says which are never
    # passed on whatever this says (cookies, the viewer context, credentials the gateway read).
    forwarded_headers: tuple[str, ...] = Field(
        ("authorization", "accept-language", "x-request-id"),
        validation_alias="GATEWAY_FORWARDED_HEADERS",
    )
    # Operation limits, checked after parsing and before validation and planning.
    max_depth: int = Field(15, validation_alias="GATEWAY_MAX_DEPTH")
    max_aliases: int = Field(100, validation_alias="GATEWAY_MAX_ALIASES")
    max_root_fields: int = Field(20, validation_alias="GATEWAY_MAX_ROOT_FIELDS")
    max_tokens: int = Field(5000, validation_alias="GATEWAY_MAX_TOKENS")
    max_selected_fields: int = Field(2000, validation_alias="GATEWAY_MAX_SELECTED_FIELDS")
    # Automatic persisted queries: how many documents each process keeps by hash; with a
    # safelist file (a JSON list of SHA-256 hashes, or an object from hash to query) only
    # those documents run.
    persisted_query_cache_size: int = Field(10_000, validation_alias="GATEWAY_APQ_CACHE_SIZE")
    safelist_file: str | None = Field(None, validation_alias="GATEWAY_SAFELIST_FILE")
    # Requests a viewer (or, without a credential, an address) may send per window; 0: no limit.
    rate_limit_per_viewer: int = Field(600, validation_alias="GATEWAY_RATE_LIMIT_PER_VIEWER")
    rate_limit_per_address: int = Field(1200, validation_alias="GATEWAY_RATE_LIMIT_PER_ADDRESS")
    rate_limit_window_seconds: int = Field(60, validation_alias="GATEWAY_RATE_LIMIT_WINDOW")
    rate_limit_key_prefix: str = Field(
        "codeatlas:gateway:rate", validation_alias="GATEWAY_RATE_LIMIT_PREFIX"
    )
    # Browser origins allowed to call the gateway from another origin; none by default (the
    # GraphiQL page is served from the gateway itself, so it needs none).
    cors_allowed_origins: tuple[str, ...] = Field((), validation_alias="GATEWAY_CORS_ORIGINS")
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
