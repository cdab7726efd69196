-- What a code system says of a code beyond its titles (HCPCS: coverage, BETOS, action code).
ALTER TABLE codes ADD COLUMN attributes JSONB NOT NULL DEFAULT '{}'::jsonb;
