"""CodeAtlas federation gateway."""
