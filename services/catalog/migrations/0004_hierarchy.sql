-- Where a code sits (parent code, block) and the instructional notes of a code set.
ALTER TABLE codes ADD COLUMN parent TEXT;
ALTER TABLE codes ADD COLUMN group_id TEXT;
CREATE INDEX codes_by_parent ON codes (system, parent);
CREATE INDEX codes_by_group ON codes (system, group_id);

CREATE TABLE code_groups (
    system     TEXT NOT NULL,
    id         TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('chapter', 'block')),
    title      TEXT NOT NULL,
    first_code TEXT NOT NULL,
    last_code  TEXT NOT NULL,
    parent     TEXT,
    release_id TEXT NOT NULL REFERENCES releases (id),
    PRIMARY KEY (system, id, kind)
);

CREATE TABLE code_notes (
    system     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    position   INT NOT NULL,
    kind       TEXT NOT NULL,
    text       TEXT NOT NULL,
    release_id TEXT NOT NULL REFERENCES releases (id),
    PRIMARY KEY (system, subject, position)
);
