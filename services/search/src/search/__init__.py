"""CodeAtlas search service."""
