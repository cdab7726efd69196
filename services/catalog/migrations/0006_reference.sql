-- Places of service, MS-DRG CC/MCC designations, and the Medicare coverage document index.
CREATE TABLE places_of_service (
    release_id  TEXT NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
    code        TEXT NOT NULL,
    setting     TEXT NOT NULL,
    name        TEXT NOT NULL,
    description TEXT NOT NULL,
    PRIMARY KEY (release_id, code)
);

CREATE TABLE severity_designations (
    release_id          TEXT NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
    code                TEXT NOT NULL,
    level               TEXT NOT NULL,
    pdx_exclusion_group TEXT NOT NULL,
    PRIMARY KEY (release_id, code)
);

CREATE TABLE coverage_documents (
    release_id      TEXT NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
    document_id     TEXT NOT NULL,
    kind            TEXT NOT NULL,
    version         INT NOT NULL,
    title           TEXT NOT NULL,
    contractor      TEXT NOT NULL,
    effective_date  DATE,
    retirement_date DATE,
    url             TEXT NOT NULL
);
CREATE INDEX coverage_by_title ON coverage_documents
    USING gin (to_tsvector('english', title));
