"""adapters of the quota service."""
