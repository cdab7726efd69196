-- Accounts: one per email; viewer_id is whose views the quota service counts, kept from the
-- guest identity the visitor registered with, so no two accounts share one.
CREATE TABLE accounts (
    id            UUID PRIMARY KEY,
    email         TEXT NOT NULL CONSTRAINT accounts_email_key UNIQUE,
    password_hash TEXT NOT NULL,
    plan          TEXT NOT NULL DEFAULT 'free',
    viewer_id     UUID NOT NULL CONSTRAINT accounts_viewer_id_key UNIQUE,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Ed25519 keys that sign access tokens, shared by every identity process; the newest signs.
CREATE TABLE signing_keys (
    kid             TEXT PRIMARY KEY,
    private_key_pem TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Refresh tokens, stored only as their SHA-256; each rotation adds one to the same family,
-- and a token presented twice revokes its whole family.
CREATE TABLE refresh_tokens (
    token_hash TEXT PRIMARY KEY,
    family_id  UUID NOT NULL,
    account_id UUID NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    issued_at  TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ,
    revoked_at TIMESTAMPTZ
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);

-- Partner API keys, stored only as their SHA-256 with a short prefix to tell them apart;
-- each key has a viewer id of its own, so each is metered on its own.
CREATE TABLE api_keys (
    id         UUID PRIMARY KEY,
    account_id UUID NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    prefix     TEXT NOT NULL,
    key_hash   TEXT NOT NULL UNIQUE,
    scopes     TEXT[] NOT NULL,
    viewer_id  UUID NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ
);
CREATE INDEX api_keys_account ON api_keys (account_id, created_at);
