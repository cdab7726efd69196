"""Redis meter and PostgreSQL ledger."""
