-- Events a handler could not apply: kept with the error so nothing is lost and the partition
-- is not blocked; an operator replays them after the fix.
CREATE TABLE IF NOT EXISTS dead_letter_events (
    consumer_group TEXT NOT NULL,
    event_id       TEXT NOT NULL,
    topic          TEXT NOT NULL,
    partition      INT NOT NULL,
    "offset"       BIGINT NOT NULL,
    payload        BYTEA NOT NULL,
    error          TEXT NOT NULL,
    failed_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer_group, topic, partition, "offset")
);
