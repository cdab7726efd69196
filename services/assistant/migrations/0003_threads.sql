-- CasePilot conversations: a thread belongs to the viewer who started it; each turn keeps
-- the question, the answer as returned and the intent read from it, so that a follow-up
-- ("and with modifier 59?") continues the last one.
CREATE TABLE threads (
    id         UUID PRIMARY KEY,
    viewer_id  TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX threads_by_viewer ON threads (viewer_id, updated_at DESC);

CREATE TABLE thread_turns (
    thread_id  UUID NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    turn       INTEGER NOT NULL CHECK (turn > 0),
    question   TEXT NOT NULL,
    answer     TEXT NOT NULL,
    outcome    TEXT NOT NULL,
    intent     JSONB NOT NULL,
    citations  JSONB NOT NULL,
    tools_used TEXT[] NOT NULL,
    asked_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (thread_id, turn)
);
