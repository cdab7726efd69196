"""Catalog settings, read once from the environment."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from atlaskit.settings import AtlasSettings


class CatalogSettings(AtlasSettings):
    service_name: str = "catalog"
    editor_token: str = Field("dev-editor-token", validation_alias="CATALOG_EDITOR_TOKEN")
    # The quota service that decides who may read a code page's gated sections.
    quota_url: str = Field("http://127.0.0.1:4003", validation_alias="CATALOG_QUOTA_URL")
    quota_timeout_seconds: float = Field(5.0, validation_alias="CATALOG_QUOTA_TIMEOUT")
    data_dir: Path = Field(
        Path(__file__).resolve().parents[4].parent / "shared" / "data",
        validation_alias="CODEATLAS_DATA_DIR",
    )

    @property
    def dsn(self) -> str:
        return self.service_database_url("catalog")
