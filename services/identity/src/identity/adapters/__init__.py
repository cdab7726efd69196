"""The guests table."""
