"""api of the quota service."""
