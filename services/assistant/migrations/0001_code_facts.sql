-- What CasePilot knows about each code: the catalog's public facts, kept current from
-- catalog.code.changed events. Answers cite these rows, never text from elsewhere.
CREATE TABLE code_facts (
    system      TEXT NOT NULL,
    code        TEXT NOT NULL,
    title       TEXT NOT NULL,
    short_title TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('active', 'terminated')),
    release_id  TEXT NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (system, code)
);
