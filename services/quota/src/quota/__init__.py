"""CodeAtlas quota service."""
