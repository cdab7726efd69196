-- Official coding guideline paragraphs of a code set (ICD-10-PCS today).
CREATE TABLE coding_guidelines (
    system     TEXT NOT NULL,
    id         TEXT NOT NULL,
    section    TEXT NOT NULL,
    title      TEXT NOT NULL,
    text       TEXT NOT NULL,
    position   INT NOT NULL,
    release_id TEXT NOT NULL REFERENCES releases (id),
    PRIMARY KEY (system, position)
);
