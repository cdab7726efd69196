-- Official CPT descriptors, present only where a user loaded a licensed AMA file.
CREATE TABLE licensed_descriptors (
    release_id TEXT NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
    code       TEXT NOT NULL,
    descriptor TEXT NOT NULL,
    PRIMARY KEY (release_id, code)
);
