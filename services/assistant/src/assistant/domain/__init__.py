"""domain of the assistant service."""
