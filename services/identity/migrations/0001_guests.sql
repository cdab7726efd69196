-- Anonymous visitors who received a guest identity.
CREATE TABLE guests (
    viewer_id  UUID PRIMARY KEY,
    issued_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at TIMESTAMPTZ NOT NULL
);
