"""Type-ahead from the search index: codes that start with what was typed, or codes whose
titles have the words typed so far, the unfinished last word completed from the vocabulary."""

from __future__ import annotations

from atlaskit.coding import CodeSystem
from search.adapters.index import Database
from search.adapters.statements import Statement, every_group
from search.domain.ranking import HEADER_WEIGHT
from search.domain.results import SearchHit, marked_code
from search.domain.suggestions import SuggestRequest
from search.domain.thesaurus import Thesaurus

_MARKS = "StartSel=<mark>, StopSel=</mark>, HighlightAll=TRUE"
# How many vocabulary words an unfinished word may stand for ("hyperten" -> hypertension...).
COMPLETIONS = 24


def _systems(statement: Statement, systems: tuple[CodeSystem, ...]) -> str:
    if not systems:
        return ""
    return f" AND system = ANY({statement.param([s.value for s in systems])}::text[])"


async def suggest(db: Database, request: SuggestRequest, thesaurus: Thesaurus) -> list[SearchHit]:
    if request.code_key is not None:
        return await _codes_starting(db, request)
    if not request.words and request.partial is None:
        return []
    return await _codes_with_words(db, request, thesaurus)


async def _codes_starting(db: Database, request: SuggestRequest) -> list[SearchHit]:
    statement = Statement()
    key = statement.param(request.code_key)
    systems = _systems(statement, request.systems)
    rows = await db.fetch(
        f"SELECT system, code, title FROM indexed_codes WHERE code_key LIKE {key}::text || '%'"
        f"{systems} ORDER BY code_key = {key} DESC, status = 'active' DESC, length(code_key),"
        f" code_key, system LIMIT {statement.param(request.limit)}",
        *statement.params,
    )
    key_text = request.code_key or ""
    return [
        SearchHit(
            CodeSystem(r["system"]), r["code"], r["title"], f"{marked_code(r['code'], key_text)}"
        )
        for r in rows
    ]


async def _codes_with_words(
    db: Database, request: SuggestRequest, thesaurus: Thesaurus
) -> list[SearchHit]:
    statement = Statement()
    typed = every_group(statement, thesaurus.groups(request.words))
    if request.partial is None:
        query = typed
    else:
        partial = statement.param(request.partial)
        # The unfinished word as a prefix of the index's lexemes, or as the start of one of
        # the vocabulary's words (whose stems may be shorter than what was typed)...
        query = (
            f"{typed} && (to_tsquery('simple', {partial} || ':*') || coalesce(("
            f"SELECT to_tsquery('english', string_agg(word, ' | ')) FROM (SELECT word"
            f" FROM index_words WHERE word LIKE {partial} || '%' ORDER BY length(word), word"
            f" LIMIT {COMPLETIONS}) AS completions), ''::tsquery))"
        )
        # ...or the last words with it as a listed term ("broken wri" -> "broken wrist").
        for taken, expansion in thesaurus.completing(request.words, request.partial):
            before = thesaurus.groups(request.words[: len(request.words) - taken])
            query += (
                f" || ({every_group(statement, before)}"
                f" && plainto_tsquery('english', {statement.param(expansion)}))"
            )
    systems = _systems(statement, request.systems)
    rows = await db.fetch(
        f"WITH q AS (SELECT {query} AS query)"
        f" SELECT system, code, title, ts_headline('english', title, q.query, '{_MARKS}')"
        f" AS snippet FROM q, (SELECT system, code, title FROM indexed_codes, q"
        f"  WHERE document @@ q.query{systems}"
        f"  ORDER BY status = 'active' DESC, ts_rank(title_vector, q.query, 1)"
        f"  * CASE WHEN billable THEN 1.0 ELSE {statement.param(HEADER_WEIGHT)}::float4 END DESC,"
        f"  length(title), code_key, system LIMIT {statement.param(request.limit)}) AS best",
        *statement.params,
    )
    return [SearchHit(CodeSystem(r["system"]), r["code"], r["title"], r["snippet"]) for r in rows]
