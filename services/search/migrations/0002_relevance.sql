-- Relevance: inclusion terms and effective dates on every code, and a vocabulary of the
-- index's words so a misspelled word can be corrected to the nearest one (pg_trgm).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE indexed_codes
    ADD COLUMN terms_text TEXT NOT NULL DEFAULT '',
    ADD COLUMN effective_date DATE,
    ADD COLUMN termination_date DATE,
    DROP COLUMN document;
-- Titles weigh most (A), short titles next (B), inclusion terms after (C).
ALTER TABLE indexed_codes ADD COLUMN document TSVECTOR GENERATED ALWAYS AS (
    setweight(to_tsvector('english', title), 'A')
    || setweight(to_tsvector('english', short_title), 'B')
    || setweight(to_tsvector('english', terms_text), 'C')
) STORED;
CREATE INDEX indexed_codes_by_document ON indexed_codes USING GIN (document);

CREATE TABLE index_words (
    word TEXT PRIMARY KEY
);
CREATE INDEX index_words_by_trigram ON index_words USING GIST (word gist_trgm_ops);
CREATE INDEX index_words_by_prefix ON index_words (word text_pattern_ops);
