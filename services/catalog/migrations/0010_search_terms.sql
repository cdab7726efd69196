-- Other words the official files give for a code (ICD-10-CM inclusion terms and "includes"
-- notes), carried on code.changed v2 events so search can match them.
ALTER TABLE codes ADD COLUMN search_terms TEXT[] NOT NULL DEFAULT '{}';
