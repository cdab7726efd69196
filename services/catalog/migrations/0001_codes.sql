CREATE TABLE releases (
    id             TEXT PRIMARY KEY,
    system         TEXT NOT NULL,
    name           TEXT NOT NULL,
    effective_date DATE NOT NULL,
    source_file    TEXT NOT NULL,
    imported_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    counts         JSONB NOT NULL
);

CREATE TABLE codes (
    system           TEXT NOT NULL,
    code             TEXT NOT NULL,
    short_title      TEXT NOT NULL,
    title            TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('active', 'terminated')),
    billable         BOOLEAN NOT NULL DEFAULT true,
    effective_date   DATE,
    termination_date DATE,
    release_id       TEXT NOT NULL REFERENCES releases (id),
    PRIMARY KEY (system, code)
);

CREATE TABLE code_history (
    id          BIGSERIAL PRIMARY KEY,
    system      TEXT NOT NULL,
    code        TEXT NOT NULL,
    release_id  TEXT NOT NULL REFERENCES releases (id),
    change      TEXT NOT NULL CHECK (change IN ('added', 'revised', 'terminated')),
    short_title TEXT NOT NULL,
    title       TEXT NOT NULL,
    status      TEXT NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX code_history_by_code ON code_history (system, code, id);

CREATE TABLE modifiers (
    system           TEXT NOT NULL,
    code             TEXT NOT NULL,
    short_title      TEXT NOT NULL,
    title            TEXT NOT NULL,
    effective_date   DATE,
    termination_date DATE,
    release_id       TEXT NOT NULL REFERENCES releases (id),
    PRIMARY KEY (system, code)
);
