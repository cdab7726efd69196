"""api of the search service."""
