"""Guest tokens: pure signing and checking."""
