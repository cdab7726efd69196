"""Configuration read once from the environment, with defaults that run on a laptop."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class AtlasSettings(BaseSettings):
    """Settings every service shares. A service subclasses it to add its own."""

    model_config = SettingsConfigDict(env_prefix="", extra="ignore")

    service_name: str = "codeatlas"
    database_url: str = "postgresql://postgres@127.0.0.1:5432/postgres"
    database_prefix: str = Field("codeatlas", validation_alias="CODEATLAS_DATABASE_PREFIX")
    redis_url: str = "redis://127.0.0.1:6379/0"
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    kafka_enable_idempotence: bool = False
    kafka_topic_prefix: str = Field("codeatlas", validation_alias="KAFKA_TOPIC_PREFIX")
    kafka_session_timeout_ms: int = 10_000
    otel_exporter_otlp_endpoint: str | None = None
    span_dir: str | None = Field(None, validation_alias="CODEATLAS_SPAN_DIR")
    log_level: str = "INFO"
    viewer_context_secret: str = Field(
        "dev-viewer-context-secret", validation_alias="CODEATLAS_VIEWER_CONTEXT_SECRET"
    )

    def service_database_url(self, service: str) -> str:
        """The DSN of the database this service owns on the shared server."""
        return database_url_with_name(self.database_url, f"{self.database_prefix}_{service}")

    def topic(self, name: str) -> str:
        return f"{self.kafka_topic_prefix}.{name}"


def database_url_with_name(server_url: str, database: str) -> str:
    parts = urlsplit(server_url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, parts.fragment))
