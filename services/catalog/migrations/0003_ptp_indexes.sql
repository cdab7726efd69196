-- Built after the table exists so a first bulk load can COPY without index upkeep per row.
CREATE INDEX ptp_by_column1 ON ptp_edits (release_id, column1, column2);
CREATE INDEX ptp_by_column2 ON ptp_edits (release_id, column2);
