"""CodeAtlas assistant service."""
