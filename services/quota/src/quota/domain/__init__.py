"""domain of the quota service."""
