"""domain of the search service."""
