"""Identity settings, read once from the environment."""

from __future__ import annotations

from pydantic import Field

from atlaskit.settings import AtlasSettings


class IdentitySettings(AtlasSettings):
    service_name: str = "identity"
    token_secret: str = Field("dev-identity-secret", validation_alias="IDENTITY_TOKEN_SECRET")

    @property
    def dsn(self) -> str:
        return self.service_database_url("identity")
