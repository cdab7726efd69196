"""CodeAtlas identity service."""
