"""Plans, limits and view decisions: pure."""
