"""The search service's PostgreSQL index."""
