-- Every import is a release of one dataset: a code set, or the NCCI, fee or reference files.
ALTER TABLE releases ADD COLUMN dataset TEXT;
UPDATE releases SET dataset = system;
ALTER TABLE releases ALTER COLUMN dataset SET NOT NULL;
ALTER TABLE releases ALTER COLUMN system DROP NOT NULL;
ALTER TABLE releases ADD COLUMN checksum TEXT NOT NULL DEFAULT '';
CREATE INDEX releases_by_dataset ON releases (dataset, effective_date);

CREATE TABLE ptp_edits (
    release_id         TEXT NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
    column1            TEXT NOT NULL,
    column2            TEXT NOT NULL,
    deletion_date      DATE,
    modifier_indicator SMALLINT NOT NULL,
    rationale          TEXT NOT NULL
);

CREATE TABLE mues (
    release_id   TEXT NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
    code         TEXT NOT NULL,
    units        INT NOT NULL,
    adjudication SMALLINT NOT NULL,
    rationale    TEXT NOT NULL,
    PRIMARY KEY (release_id, code)
);

CREATE TABLE addon_edits (
    release_id   TEXT NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
    primary_code TEXT NOT NULL,
    addon_code   TEXT NOT NULL,
    edit_type    SMALLINT NOT NULL
);
CREATE INDEX addon_by_addon ON addon_edits (release_id, addon_code);
CREATE INDEX addon_by_primary ON addon_edits (release_id, primary_code);
