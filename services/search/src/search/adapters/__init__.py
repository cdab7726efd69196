"""adapters of the search service."""
