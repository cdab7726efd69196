"""PostgreSQL tables (guests, accounts, refresh tokens, API keys, signing keys) and the
Redis counters of failed sign-ins."""
