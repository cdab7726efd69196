"""atlaskit: the small library that every CodeAtlas service shares."""
