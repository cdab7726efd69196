-- The guard asks whether a code-like token is a code of any system.
CREATE INDEX code_facts_by_code ON code_facts (code);
