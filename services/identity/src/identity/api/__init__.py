"""api of the identity service."""
