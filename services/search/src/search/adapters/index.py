"""The search index in PostgreSQL: one row per code, full text over its titles and terms,
and a vocabulary of its words for correcting misspellings (pg_trgm)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeAlias

import asyncpg

from atlaskit.coding import CodeSystem
from search.adapters.statements import Statement, TextQuery, text_query
from search.domain.codes import IndexedCode, vocabulary
from search.domain.queries import CodeMatch, CodePattern, SearchFilters
from search.domain.ranking import Ranking, names_asked
from search.domain.results import SearchHit
from search.domain.thesaurus import WordGroup

Database: TypeAlias = asyncpg.Connection | asyncpg.Pool

_TITLE_MARKS = "StartSel=<mark>, StopSel=</mark>, HighlightAll=TRUE"
_TERM_MARKS = "StartSel=<mark>, StopSel=</mark>, MaxFragments=2, MaxWords=12, MinWords=4"
# A misspelled word is corrected to the nearest vocabulary word at least this similar.
MIN_SIMILARITY = 0.4


_COLUMNS = (
    "system",
    "code",
    "short_title",
    "title",
    "status",
    "billable",
    "release_id",
    "terms_text",
    "effective_date",
    "termination_date",
    "names",
)


async def upsert_codes(conn: asyncpg.Connection, codes: Sequence[IndexedCode]) -> None:
    """Writes a batch of codes by COPY into a scratch table, then one upsert (a statement per
    code was ~10x slower), and adds their words to the vocabulary."""
    await conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS incoming_codes (system TEXT, code TEXT,"
        " short_title TEXT, title TEXT, status TEXT, billable BOOLEAN, release_id TEXT,"
        " terms_text TEXT, effective_date DATE, termination_date DATE, names TEXT[])"
        " ON COMMIT DELETE ROWS"
    )
    await conn.copy_records_to_table(
        "incoming_codes",
        records=[
            (
                c.system.value,
                c.code,
                c.short_title,
                c.title,
                c.status.value,
                c.billable,
                c.release_id,
                c.terms_text,
                c.effective_date,
                c.termination_date,
                c.names,
            )
            for c in codes
        ],
        columns=list(_COLUMNS),
    )
    columns = ", ".join(_COLUMNS)
    vectors = ("title_vector", "terms_vector", "document")
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in (*_COLUMNS[2:], *vectors))
    await conn.execute(
        f"INSERT INTO indexed_codes ({columns}, {', '.join(vectors)})"
        f" SELECT {columns}, titles, terms, titles || setweight(terms, 'C')"
        f" FROM (SELECT *, setweight(t, 'A') || setweight(CASE WHEN short_title = title"
        f"  THEN t ELSE to_tsvector('english', short_title) END, 'B') AS titles"
        f"  FROM (SELECT *, to_tsvector('english', title) AS t,"
        f"   to_tsvector('english', terms_text) AS terms FROM incoming_codes) AS parsed"
        f" ) AS weighed ORDER BY system, code"
        f" ON CONFLICT (system, code) DO UPDATE SET {updates}, updated_at = now()"
    )
    await conn.execute("TRUNCATE incoming_codes")
    await conn.execute(
        "INSERT INTO index_words (word) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING",
        vocabulary(codes),
    )


def _filtered(statement: Statement, filters: SearchFilters) -> list[str]:
    conditions = []
    if filters.systems:
        systems = statement.param([s.value for s in filters.systems])
        conditions.append(f"system = ANY({systems}::text[])")
    if filters.billable_only:
        conditions.append("billable")
    if filters.as_of is not None:
        day = statement.param(filters.as_of)
        conditions.append(
            f"(effective_date IS NULL OR effective_date <= {day}::date)"
            f" AND (termination_date IS NULL OR termination_date > {day}::date)"
        )
    return conditions


def _code_condition(statement: Statement, pattern: CodePattern) -> tuple[str, str]:
    """The WHERE condition for a code pattern, and how its matches are ordered."""
    key = statement.param(pattern.key)
    if pattern.match is CodeMatch.PREFIX:
        return f"code_key LIKE {key}::text || '%'", f"code_key = {key} DESC, "
    if pattern.match is CodeMatch.WILDCARD:
        return f"code_key LIKE {key}::text", ""
    # Byte-wise comparisons (~>=~, ~<~) use the text_pattern_ops index; "~" sorts after
    # every code character, so the last code's own subcodes are inside the range.
    last = statement.param(pattern.last)
    return f"code_key ~>=~ {key} AND code_key ~<~ ({last}::text || '~')", ""


async def find_codes(
    db: Database, pattern: CodePattern, filters: SearchFilters, limit: int, offset: int
) -> tuple[list[SearchHit], int]:
    """Codes by their code: the code itself first, then in code order, active first."""
    statement = Statement()
    condition, exact_first = _code_condition(statement, pattern)
    where = " AND ".join([condition, *_filtered(statement, filters)])
    where_params = list(statement.params)
    rows = await db.fetch(
        f"SELECT system, code, title, count(*) OVER () AS total FROM indexed_codes"
        f" WHERE {where} ORDER BY {exact_first}status = 'active' DESC, code_key, system"
        f" LIMIT {statement.param(limit)} OFFSET {statement.param(offset)}",
        *statement.params,
    )
    hits = [SearchHit(CodeSystem(r["system"]), r["code"], r["title"], None) for r in rows]
    count = f"SELECT count(*) FROM indexed_codes WHERE {where}"
    return hits, await _total(db, rows, offset, count, where_params)


def _score(query: TextQuery, terms_weight: str) -> str:
    """Each group scores its best alternative among those the code matches in full (title
    rank plus ``terms_weight`` times terms rank); the score is the sum over the groups."""

    def alternative(name: str) -> str:
        return (
            f"CASE WHEN title_vector @@ {name} THEN ts_rank(title_vector, {name}, 1) ELSE 0 END"
            f" + {terms_weight}::float4 * CASE WHEN terms_vector @@ {name}"
            f" THEN ts_rank(terms_vector, {name}, 1) ELSE 0 END"
        )

    groups = [
        f"GREATEST({', '.join(alternative(name) for name in names)})"
        for names in query.alternatives
    ]
    return " + ".join(groups)


async def find_words(
    db: Database,
    groups: Sequence[WordGroup],
    filters: SearchFilters,
    ranking: Ranking,
    limit: int,
    offset: int,
) -> tuple[list[SearchHit], int]:
    """Codes whose titles or terms match the words, best first (see ``Ranking``)."""
    statement = Statement()
    query = text_query(statement, groups, ranking.every_group)
    where = " AND ".join(["document @@ q.query", *_filtered(statement, filters)])
    where_params = list(statement.params)
    header_weight = statement.param(ranking.header_weight)
    unspecified_weight = statement.param(ranking.unspecified_weight)
    later_weight = statement.param(ranking.later_encounter_weight)
    score = _score(query, statement.param(ranking.terms_weight))
    names = statement.param(list(names_asked(groups)))
    rows = await db.fetch(
        f"WITH {query.cte}"
        f" SELECT system, code, title, total,"
        f"  CASE WHEN to_tsvector('english', title) @@ q.query"
        f"   THEN ts_headline('english', title, q.query, '{_TITLE_MARKS}')"
        f"   ELSE ts_headline('english', terms_text, q.query, '{_TERM_MARKS}') END AS snippet"
        f" FROM q, (SELECT system, code, title, terms_text, count(*) OVER () AS total"
        f"  FROM indexed_codes, q WHERE {where}"
        f"  ORDER BY status = 'active' DESC, names && {names}::text[] DESC,"
        f"   ({score})"
        f"   * CASE WHEN billable THEN 1.0 ELSE {header_weight}::float4 END"
        f"   * CASE WHEN unspecified THEN {unspecified_weight}::float4 ELSE 1.0 END"
        f"   * CASE WHEN later_encounter THEN {later_weight}::float4 ELSE 1.0 END DESC,"
        f"   length(title), code_key, system"
        f"  LIMIT {statement.param(limit)} OFFSET {statement.param(offset)}) AS page",
        *statement.params,
    )
    hits = [SearchHit(CodeSystem(r["system"]), r["code"], r["title"], r["snippet"]) for r in rows]
    count = f"WITH {query.cte} SELECT count(*) FROM indexed_codes, q WHERE {where}"
    return hits, await _total(db, rows, offset, count, where_params)


async def _total(
    db: Database, rows: Sequence[asyncpg.Record], offset: int, count: str, params: list[object]
) -> int:
    """All matches: the page's window count, or (a page past the end) a count of its own."""
    if rows:
        return int(rows[0]["total"])
    return int(await db.fetchval(count, *params)) if offset else 0


async def corrections(db: Database, words: Sequence[str]) -> dict[str, str]:
    """The nearest vocabulary word for each word that matches no code (a misspelling)."""
    if not words:
        return {}
    rows = await db.fetch(
        "WITH unmatched AS MATERIALIZED (SELECT word FROM unnest($1::text[]) AS typed(word)"
        "  WHERE numnode(plainto_tsquery('english', word)) > 0"
        "  AND NOT EXISTS (SELECT 1 FROM indexed_codes"
        "   WHERE document @@ plainto_tsquery('english', typed.word)))"
        " SELECT unmatched.word, nearest.word AS correction FROM unmatched"
        " CROSS JOIN LATERAL (SELECT w.word FROM index_words w"
        "  ORDER BY w.word <-> unmatched.word, w.word LIMIT 1) AS nearest"
        " WHERE similarity(nearest.word, unmatched.word) >= $2",
        list(words),
        MIN_SIMILARITY,
    )
    return {row["word"]: row["correction"] for row in rows}
