-- Every CasePilot question counted, durable: the Redis counters can be rebuilt from it.
-- One row per question id and UTC day: a retried question is never counted twice.
CREATE TABLE question_ledger (
    viewer_id   TEXT NOT NULL,
    day         DATE NOT NULL,
    question_id TEXT NOT NULL,
    plan        TEXT NOT NULL,
    asked_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (viewer_id, day, question_id)
);
