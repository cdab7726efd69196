-- Searches as the query events report them, counted per query (lower-case, spaces
-- collapsed), so that queries that found nothing can be reviewed and fixed (a synonym, a
-- plain-language title, a missing code set).
CREATE TABLE query_stats (
    query_key        TEXT PRIMARY KEY,
    query            TEXT NOT NULL,
    searches         INTEGER NOT NULL,
    zero_results     INTEGER NOT NULL,
    last_result_count INTEGER NOT NULL,
    last_searched_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX query_stats_zero_results ON query_stats (zero_results DESC, searches DESC)
    WHERE zero_results > 0;
