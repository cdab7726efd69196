-- Physician Fee Schedule: RVUs per code (and modifier), GPCIs per Medicare locality.
CREATE TABLE pfs_rvus (
    release_id        TEXT NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
    code              TEXT NOT NULL,
    modifier          TEXT NOT NULL,
    status            TEXT NOT NULL,
    work_rvu          NUMERIC(8, 2) NOT NULL,
    nonfacility_pe    NUMERIC(8, 2) NOT NULL,
    facility_pe       NUMERIC(8, 2) NOT NULL,
    malpractice_rvu   NUMERIC(8, 2) NOT NULL,
    pctc              TEXT NOT NULL,
    global_days       TEXT NOT NULL,
    conversion_factor NUMERIC(10, 4) NOT NULL,
    PRIMARY KEY (release_id, code, modifier)
);

CREATE TABLE gpcis (
    release_id       TEXT NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
    mac              TEXT NOT NULL,
    state            TEXT NOT NULL,
    locality         TEXT NOT NULL,
    name             TEXT NOT NULL,
    work             NUMERIC(6, 3) NOT NULL,
    practice_expense NUMERIC(6, 3) NOT NULL,
    malpractice      NUMERIC(6, 3) NOT NULL,
    PRIMARY KEY (release_id, mac, locality)
);
