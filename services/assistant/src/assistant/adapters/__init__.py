"""adapters of the assistant service."""
