"""Search benchmark: the search engine, its subgraph and the gateway over the full index of
every code set, and how soon a revised code can be found.

    uv run python bench/search_bench.py [--requests 657] [--concurrency 8] [--warmup 100]
                                        [--revisions 60]

Starts the whole stack (embedded infrastructure unless DATABASE_URL, REDIS_URL and
KAFKA_BOOTSTRAP_SERVERS are given; the demo data fills the index with HCPCS, CPT numbers,
ICD-10-CM and ICD-10-PCS), then measures, in the same run:

- engine: search_codes (code lookup, synonyms, corrections, ranking rules) against plain
  PostgreSQL full text (relevance.baseline_search), in-process on an asyncpg pool of the
  search database, the same closed-loop concurrency for both, the 219 relevance queries
  cycled; ratios = CodeAtlas / baseline;
- HTTP: search and autocomplete sent straight to the search subgraph and through the
  gateway; the subgraph row is compared with the same engine call made in-process (the cost
  of HTTP, GraphQL and the query event), the gateway row with the subgraph row (the cost of
  the gateway); autocomplete prefixes are the first 3 to 8 characters of each query;
- change to searchable: reviseCode on the catalog with a title holding a new made-up word,
  then searching the search subgraph for that word every 10 ms until the code is found.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import string
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from atlaskit.db import create_pool
from catalog.settings import CatalogSettings
from devstack.stack import RunningStack, throwaway_stack
from search.adapters.suggestions import suggest
from search.domain.queries import search_request
from search.domain.suggestions import suggest_request
from search.domain.thesaurus import reviewed_thesaurus
from search.relevance import baseline_prefix, baseline_search, relevance_queries
from search.searching import search_codes
from search.settings import SearchSettings

sys.path.insert(0, str(Path(__file__).parent))
from loadgen import Load, Result, load_arguments, load_of, summarize

PAGE = 10
SUGGESTIONS = 8
PREFIX_LENGTHS = range(3, 9)
POLL_SECONDS = 0.01
FIND_TIMEOUT = 30.0
GOAL_SECONDS = 1.0

SEARCH = (
    "query($q: String!) { search(query: $q, first: 10) "
    "{ totalCount edges { node { system code } snippet } } }"
)
AUTOCOMPLETE = (
    "query($p: String!) { autocomplete(prefix: $p, limit: 8) "
    "{ node { system code } label highlighted } }"
)
FOUND = (
    "query($q: String!) { search(query: $q, systems: [HCPCS], first: 10) "
    "{ edges { node { code } } } }"
)
REVISE = (
    "mutation($code: String!, $title: String!) "
    "{ reviseCode(system: HCPCS, code: $code, title: $title) { code title } }"
)

# One request: its index in the run -> None, or the error a client would have seen.
Call = Callable[[int], Awaitable[str | None]]
Engine = Callable[[asyncpg.Pool, str], Awaitable[object]]


@dataclass(frozen=True)
class Measured:
    result: Result
    first_error: str | None


@dataclass(frozen=True)
class Comparison:
    """A measured row, and the row (if any) its ratios are taken against."""

    measured: Measured
    reference: Measured | None = None


@dataclass
class Revisions:
    latencies: list[float]  # seconds from the mutation's response to the first finding search
    mutation_seconds: list[float]
    probes: int  # searches sent while waiting
    missed: list[str]  # revised, but not found in time
    failures: list[str]  # the mutation or a search answered with an error


# -- driving load ---------------------------------------------------------------------------


async def _closed_loop(call: Call, total: int, concurrency: int) -> tuple[list[float], list[str]]:
    latencies: list[float] = []
    errors: list[str] = []
    issued = 0

    async def worker() -> None:
        nonlocal issued
        while issued < total:
            index = issued
            issued += 1
            started = time.perf_counter()
            error = await call(index)
            latencies.append(time.perf_counter() - started)
            if error is not None:
                errors.append(error)

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, errors


async def _timed(name: str, call: Call, load: Load) -> Measured:
    await _closed_loop(call, load.warmup, load.concurrency)
    begin = time.perf_counter()
    latencies, errors = await _closed_loop(call, load.requests, load.concurrency)
    seconds = time.perf_counter() - begin
    result = summarize(name, latencies, len(errors), seconds)
    return Measured(result, errors[0] if errors else None)


def _engine_call(pool: asyncpg.Pool, engine: Engine, inputs: Sequence[str]) -> Call:
    async def call(index: int) -> str | None:
        try:
            await engine(pool, inputs[index % len(inputs)])
        except Exception as exc:  # reported with the numbers, not raised: the run goes on
            return f"{type(exc).__name__}: {exc}"
        return None

    return call


def _graphql_error(response: httpx.Response) -> str | None:
    if response.status_code != 200:
        return f"HTTP {response.status_code}: {response.text[:300]}"
    body = response.json()
    if "errors" not in body:
        return None
    first = body["errors"][0]
    code = first.get("extensions", {}).get("code", "no code")
    return f"{code}: {first.get('message')}"


async def _http_run(name: str, url: str, bodies: list[dict[str, Any]], load: Load) -> Measured:
    limits = httpx.Limits(
        max_connections=load.concurrency, max_keepalive_connections=load.concurrency
    )
    async with httpx.AsyncClient(timeout=30, limits=limits) as client:

        async def call(index: int) -> str | None:
            try:
                response = await client.post(url, json=bodies[index % len(bodies)])
            except httpx.HTTPError as exc:
                return f"{type(exc).__name__}: {exc}"
            return _graphql_error(response)

        return await _timed(name, call, load)


def _http_in_process(name: str, url: str, bodies: list[dict[str, Any]], load: Load) -> Measured:
    return asyncio.run(_http_run(name, url, bodies, load))


def _measure_http(name: str, url: str, bodies: list[dict[str, Any]], load: Load) -> Measured:
    """In a process of its own, as loadgen does, so the client never shares the bench's loop."""
    with ProcessPoolExecutor(max_workers=1) as executor:
        return executor.submit(_http_in_process, name, url, bodies, load).result()


# -- what is searched -----------------------------------------------------------------------


def _queries() -> list[str]:
    return [q.query for q in relevance_queries()]


def _prefixes(queries: Sequence[str]) -> list[str]:
    """What a person has typed on the way to each query: its first 3 to 8 characters."""
    typed = (query[:length] for query in queries for length in PREFIX_LENGTHS)
    return list(dict.fromkeys(prefix for prefix in typed if prefix.strip()))


async def _codeatlas(pool: asyncpg.Pool, text: str) -> object:
    return await search_codes(pool, search_request(text, PAGE, None), reviewed_thesaurus())


async def _baseline(pool: asyncpg.Pool, text: str) -> object:
    return await baseline_search(pool, text)


async def _baseline_prefix(pool: asyncpg.Pool, prefix: str) -> object:
    return await baseline_prefix(pool, prefix, SUGGESTIONS)


async def _autocomplete(pool: asyncpg.Pool, prefix: str) -> object:
    return await suggest(pool, suggest_request(prefix, (), SUGGESTIONS), reviewed_thesaurus())


# -- engine level ---------------------------------------------------------------------------


@dataclass(frozen=True)
class EngineRuns:
    index_sizes: dict[str, int]
    baseline: Measured
    codeatlas: Measured
    autocomplete_baseline: Measured
    autocomplete: Measured
    hcpcs_codes: list[str]


async def _index_sizes(pool: asyncpg.Pool) -> dict[str, int]:
    rows = await pool.fetch(
        "SELECT system, count(*) AS codes FROM indexed_codes GROUP BY system ORDER BY system"
    )
    return {row["system"]: int(row["codes"]) for row in rows}


async def _hcpcs_codes(pool: asyncpg.Pool, count: int) -> list[str]:
    """Active HCPCS codes to revise, spread over the code set, one per revision."""
    rows = await pool.fetch(
        "SELECT code FROM indexed_codes WHERE system = 'HCPCS' AND status = 'active' ORDER BY code"
    )
    codes = [row["code"] for row in rows]
    step = max(1, len(codes) // max(1, count))
    return codes[::step][:count]


async def _measure_engines(
    dsn: str, queries: list[str], prefixes: list[str], load: Load, revisions: int
) -> EngineRuns:
    pool = await create_pool(dsn, min_size=load.concurrency, max_size=load.concurrency)
    try:
        sizes = await _index_sizes(pool)
        baseline = await _timed(
            "engine: PostgreSQL full text (baseline)",
            _engine_call(pool, _baseline, queries),
            load,
        )
        codeatlas = await _timed(
            "engine: CodeAtlas search_codes", _engine_call(pool, _codeatlas, queries), load
        )
        autocomplete_baseline = await _timed(
            "engine: PostgreSQL prefix full text (baseline)",
            _engine_call(pool, _baseline_prefix, prefixes),
            load,
        )
        autocomplete = await _timed(
            "engine: CodeAtlas suggest", _engine_call(pool, _autocomplete, prefixes), load
        )
        codes = await _hcpcs_codes(pool, revisions)
    finally:
        await pool.close()
    return EngineRuns(sizes, baseline, codeatlas, autocomplete_baseline, autocomplete, codes)


# -- change to searchable -------------------------------------------------------------------


def _made_up_word(rng: random.Random) -> str:
    return "zq" + "".join(rng.choice(string.ascii_lowercase) for _ in range(10))


def _finds(client: httpx.Client, search_url: str, word: str, code: str) -> bool:
    response = client.post(search_url, json={"query": FOUND, "variables": {"q": word}})
    error = _graphql_error(response)
    if error is not None:
        raise RevisionFailed(f"search for {word!r} failed: {error}")
    return any(e["node"]["code"] == code for e in response.json()["data"]["search"]["edges"])


class RevisionFailed(RuntimeError):
    """A mutation or a search answered with an error: reported, and the next code is tried."""


def _revise(client: httpx.Client, catalog_url: str, token: str, code: str, title: str) -> None:
    response = client.post(
        catalog_url,
        json={"query": REVISE, "variables": {"code": code, "title": title}},
        headers={"Authorization": f"Bearer {token}"},
    )
    error = _graphql_error(response)
    if error is not None:
        raise RevisionFailed(f"reviseCode of HCPCS {code} failed: {error}")


def _seconds_until_found(
    client: httpx.Client, search_url: str, word: str, code: str, since: float
) -> tuple[float | None, int]:
    """(seconds from since to the first search that finds the code, or None; searches sent)."""
    probes = 0
    while time.perf_counter() - since <= FIND_TIMEOUT:
        probes += 1
        if _finds(client, search_url, word, code):
            return time.perf_counter() - since, probes
        time.sleep(POLL_SECONDS)
    return None, probes


def _measure_revisions(
    catalog_url: str, search_url: str, editor_token: str, codes: list[str]
) -> Revisions:
    rng = random.Random()
    revisions = Revisions([], [], 0, [], [])
    with httpx.Client(timeout=30) as client:
        for code in codes:
            word = _made_up_word(rng)
            sent = time.perf_counter()
            try:
                _revise(client, catalog_url, editor_token, code, f"Benchmark {code} {word}")
                revised = time.perf_counter()
                revisions.mutation_seconds.append(revised - sent)
                seconds, probes = _seconds_until_found(client, search_url, word, code, revised)
            except RevisionFailed as exc:
                revisions.failures.append(str(exc))
                continue
            revisions.probes += probes
            if seconds is None:
                revisions.missed.append(f"HCPCS {code} ({word})")
            else:
                revisions.latencies.append(seconds)
    return revisions


# -- printing -------------------------------------------------------------------------------


def _ratio_table(rows: list[Comparison]) -> str:
    header = (
        f"{'scenario':<44}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}"
        f"{'rps ratio':>11}{'p50 ratio':>11}{'p99 ratio':>11}  ratios against"
    )
    lines = [header, "-" * len(header)]
    for row in rows:
        r = row.measured.result
        line = f"{r.name:<44}{r.rps:>9.1f}{r.p50_ms:>9.2f}{r.p99_ms:>9.2f}{r.errors:>8}"
        if row.reference is not None:
            b = row.reference.result
            line += (
                f"{r.rps / b.rps:>11.2f}{r.p50_ms / b.p50_ms:>11.2f}{r.p99_ms / b.p99_ms:>11.2f}"
                f"  {b.name}"
            )
        lines.append(line)
    return "\n".join(lines)


def _errors(rows: list[Comparison]) -> str:
    found = [
        f"  {row.measured.result.name}: {row.measured.first_error}"
        for row in rows
        if row.measured.first_error is not None
    ]
    return "\nfirst error of each scenario with errors:\n" + "\n".join(found) if found else ""


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _revision_report(revisions: Revisions) -> str:
    lines: list[str] = []
    found = revisions.latencies
    if len(found) >= 2:
        # Inclusive: with tens of samples the default method extrapolates p99 past the max.
        cuts = statistics.quantiles(found, n=100, method="inclusive")
        p99 = cuts[98]
        lines += [
            f"found {len(found)} of {len(revisions.mutation_seconds)} revised codes"
            f" ({revisions.probes} searches)",
            f"change to searchable: p50 {_ms(cuts[49])}, p95 {_ms(cuts[94])},"
            f" p99 {_ms(p99)}, max {_ms(max(found))}",
            f"reviseCode round trip: p50 {_ms(statistics.median(revisions.mutation_seconds))}",
            f"goal p99 < {GOAL_SECONDS:.0f} s: {'met' if p99 < GOAL_SECONDS else 'NOT met'}"
            f" (p99 {p99:.3f} s)",
        ]
    else:
        lines.append(f"too few revised codes were found to give percentiles ({len(found)})")
    if revisions.missed:
        lines.append(f"not found within {FIND_TIMEOUT:.0f} s: " + ", ".join(revisions.missed))
    if revisions.failures:
        lines.append(f"{len(revisions.failures)} revisions failed; the first error:")
        lines.append(f"  {revisions.failures[0]}")
    return "\n".join(lines)


def _service_log(stack: RunningStack, name: str, lines: int = 40) -> str:
    """The end of a service's log: clients see only "Something went wrong", the log says what."""
    process = next(p for p in stack.group.started if p.name == name)
    return process.tail(lines)


# -- the run --------------------------------------------------------------------------------


def _arguments() -> argparse.Namespace:
    parser = load_arguments(__doc__, Load(657, 8, 100))
    parser.add_argument("--revisions", type=int, default=60, help="codes revised and found")
    return parser.parse_args()


def _http_rows(
    stack: RunningStack, engines: EngineRuns, queries: list[str], prefixes: list[str], load: Load
) -> list[Comparison]:
    search_url = stack.service_url("search") + "/graphql"
    searches = [{"query": SEARCH, "variables": {"q": q}} for q in queries]
    suggestions = [{"query": AUTOCOMPLETE, "variables": {"p": p}} for p in prefixes]
    search_direct = _measure_http("direct: search subgraph, search", search_url, searches, load)
    search_gateway = _measure_http("gateway: search", stack.gateway_url, searches, load)
    suggest_direct = _measure_http(
        "direct: search subgraph, autocomplete", search_url, suggestions, load
    )
    suggest_gateway = _measure_http("gateway: autocomplete", stack.gateway_url, suggestions, load)
    return [
        Comparison(engines.codeatlas),
        Comparison(search_direct, engines.codeatlas),
        Comparison(search_gateway, search_direct),
        Comparison(engines.autocomplete),
        Comparison(suggest_direct, engines.autocomplete),
        Comparison(suggest_gateway, suggest_direct),
    ]


def main() -> int:
    args = _arguments()
    load = load_of(args)
    queries = _queries()
    prefixes = _prefixes(queries)
    with throwaway_stack() as stack:
        dsn = SearchSettings(database_url=stack.infra.database_url).dsn
        engines = asyncio.run(_measure_engines(dsn, queries, prefixes, load, args.revisions))
        http = _http_rows(stack, engines, queries, prefixes, load)
        revisions = _measure_revisions(
            stack.service_url("catalog") + "/graphql",
            stack.service_url("search") + "/graphql",
            CatalogSettings().editor_token,
            engines.hcpcs_codes,
        )
        failed = any(row.measured.first_error for row in http) or revisions.failures
        search_log = _service_log(stack, "search") if failed else ""
    sizes = ", ".join(f"{system} {n:,}" for system, n in engines.index_sizes.items())
    total = sum(engines.index_sizes.values())
    print(f"\nSearch benchmark over the full index ({sizes}; {total:,} codes)")
    engine_rows = [
        Comparison(engines.baseline),
        Comparison(engines.codeatlas, engines.baseline),
        Comparison(engines.autocomplete_baseline),
        Comparison(engines.autocomplete, engines.autocomplete_baseline),
    ]
    print(
        f"\nEngine level, in-process ({len(queries)} relevance queries and {len(prefixes)}"
        f" type-ahead prefixes cycled, {load.concurrency}"
        f" concurrent, {load.requests} requests each after {load.warmup} warm-up;"
        " ratios = CodeAtlas / baseline)"
    )
    print(_ratio_table(engine_rows) + _errors(engine_rows))
    print(
        f"\nOver HTTP ({load.concurrency} concurrent clients, {load.requests} requests each;"
        f" search cycles the {len(queries)} queries, autocomplete {len(prefixes)} prefixes of"
        " 3-8 characters; direct rows / the same engine call in-process, gateway rows /"
        " direct rows)"
    )
    print(_ratio_table(http) + _errors(http))
    print(
        f"\nChange to searchable ({len(engines.hcpcs_codes)} HCPCS titles revised on the"
        f" catalog, the search subgraph asked every {POLL_SECONDS * 1000:.0f} ms; latency from"
        " the mutation's response to the first search that finds the code)"
    )
    print(_revision_report(revisions))
    if search_log:
        print(f"\nThe search service's log ends with:\n{search_log}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
