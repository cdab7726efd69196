-- Every code page view granted, durable: the Redis counters can be rebuilt from it.
CREATE TABLE view_ledger (
    viewer_id  TEXT NOT NULL,
    "window"   TEXT NOT NULL,
    system     TEXT NOT NULL,
    code       TEXT NOT NULL,
    plan       TEXT NOT NULL,
    granted_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (viewer_id, "window", system, code)
);
