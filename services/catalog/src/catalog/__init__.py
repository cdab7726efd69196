"""CodeAtlas catalog service."""
