"""The assistant's PostgreSQL read model."""
