"""PostgreSQL and file adapters of the catalog."""
