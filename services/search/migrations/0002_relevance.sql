-- Relevance: inclusion terms and effective dates on every code, and a vocabulary of the
-- index's words so a misspelled word can be corrected to the nearest one (pg_trgm).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE indexed_codes
    ADD COLUMN terms_text TEXT NOT NULL DEFAULT '',
    ADD COLUMN effective_date DATE,
    ADD COLUMN termination_date DATE,
    -- The title and terms as a person types them (search.domain.codes.plain_name).
    ADD COLUMN names TEXT[] NOT NULL DEFAULT '{}',
    DROP COLUMN document;
-- Matching runs over everything a code is called (document); ranking weighs the titles
-- (title A, short title B) apart from the inclusion terms, so that a code with many terms
-- is not pushed down by the length of its document. The upsert computes the three vectors
-- (each text is parsed once; generated columns would parse it once per column).
ALTER TABLE indexed_codes
    ADD COLUMN title_vector TSVECTOR NOT NULL DEFAULT '',
    ADD COLUMN terms_vector TSVECTOR NOT NULL DEFAULT '',
    ADD COLUMN document TSVECTOR NOT NULL DEFAULT '',
    -- The catch-all code of a concept: what a query without further detail should find.
    ADD COLUMN unspecified BOOLEAN GENERATED ALWAYS AS (
        title ~* '(unspecified|without complications?|\mNOS\M)'
    ) STORED,
    -- ICD-10-CM 7th characters for a later encounter or a sequela: the initial encounter
    -- is what a search for the injury means first.
    ADD COLUMN later_encounter BOOLEAN GENERATED ALWAYS AS (
        title ~* '(subsequent encounter|, sequela)'
    ) STORED;
CREATE INDEX indexed_codes_by_document ON indexed_codes USING GIN (document);

CREATE TABLE index_words (
    word TEXT PRIMARY KEY
);
CREATE INDEX index_words_by_trigram ON index_words USING GIST (word gist_trgm_ops);
CREATE INDEX index_words_by_prefix ON index_words (word text_pattern_ops);
