"""Fixtures of the search integration tests (they live in search_index_db.py)."""

from search_index_db import conn, search_db

__all__ = ["conn", "search_db"]
