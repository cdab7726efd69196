"""Guests, accounts, sessions and API keys: pure rules, signing and checking, no I/O."""
