"""domain of the identity service."""
