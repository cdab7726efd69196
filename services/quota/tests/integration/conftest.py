"""Fixtures of the quota integration tests (they live in quota_instances.py)."""

from quota_instances import private, redis_server, shared

__all__ = ["private", "redis_server", "shared"]
