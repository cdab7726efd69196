-- The search index: one row per code, kept current from catalog.code.changed events.
-- Only built-in full-text search is used, so the index works on any PostgreSQL server
-- (pg_trgm and unaccent are not everywhere); the ranking is rewritten by a later change.
CREATE TABLE indexed_codes (
    system      TEXT NOT NULL,
    code        TEXT NOT NULL,
    short_title TEXT NOT NULL,
    title       TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('active', 'terminated')),
    billable    BOOLEAN NOT NULL,
    release_id  TEXT NOT NULL,
    -- ICD-10-CM codes are typed with or without their dot: match on the dotless form.
    code_key    TEXT GENERATED ALWAYS AS (replace(code, '.', '')) STORED,
    document    TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A')
        || setweight(to_tsvector('english', short_title), 'B')
    ) STORED,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (system, code)
);
CREATE INDEX indexed_codes_by_code_key ON indexed_codes (code_key text_pattern_ops);
CREATE INDEX indexed_codes_by_document ON indexed_codes USING GIN (document);
