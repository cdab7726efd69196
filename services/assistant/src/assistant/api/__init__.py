"""api of the assistant service."""
