"""Search engines compared: an in-process tantivy index against PostgreSQL, on the full index.

    uv run --with tantivy python bench/search_engines.py [--passes 3]

tantivy (the tantivy-py bindings) is not a project dependency: `--with` brings it for this
run only. Starts the whole stack (embedded infrastructure unless DATABASE_URL, REDIS_URL and
KAFKA_BOOTSTRAP_SERVERS are given; the demo data fills the search index with every code
set), reads every row of the search database's indexed_codes, then measures, in the same run:

- build: the tantivy index of those rows in a temporary directory (system and code stored
  as raw strings; title, short_title and terms_text as text with the en_stem tokenizer),
  against PostgreSQL building the same full-text data in the same database (CREATE TABLE
  ... AS SELECT, then a GIN index on to_tsvector('english', title || short_title ||
  terms_text); dropped afterwards);
- relevance: the 219 reviewed queries (search.relevance) against four engines: tantivy's
  query parser over the three text fields (title boosted), tantivy with fuzzy term queries
  (edit distance 1 for words of 5+ letters), plain PostgreSQL full text (the baseline) and
  CodeAtlas search_codes. Every query is given to every engine as it is, codes included:
  the tantivy index has no code lookup, so code queries miss there;
- latency: each engine runs the 219 queries one after another (one unmeasured warm-up pass,
  then --passes measured passes, the engines taking turns pass by pass so that load from
  other processes falls on all of them); p50 / p99 per query, queries/s, and ratios against
  the PostgreSQL baseline of the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

import asyncpg

from atlaskit.db import create_pool
from devstack.stack import throwaway_stack
from search.domain.queries import search_request
from search.domain.thesaurus import Thesaurus, reviewed_thesaurus
from search.relevance import (
    CUTOFF,
    Evaluation,
    RelevanceQuery,
    baseline_search,
    evaluate,
    relevance_queries,
    scores,
    table,
)
from search.searching import search_codes
from search.settings import SearchSettings

try:
    # No stubs, and not in the locked environment: typed as Any so mypy passes without it.
    tantivy: Any = importlib.import_module("tantivy")
except ModuleNotFoundError as missing:
    raise SystemExit(
        "tantivy is not installed: uv run --with tantivy python bench/search_engines.py"
    ) from missing

TEXT_FIELDS = ("title", "short_title", "terms_text")
TITLE_BOOST = 2.0  # title over short_title and terms_text, in both tantivy engines
FUZZY_MIN_LETTERS = 5  # words this long may have one typo (edit distance 1)
FUZZY_BOOST = 0.5  # a fuzzy match scores a constant; an exact word match scores BM25 on top
WRITER_HEAP = 256_000_000  # bytes, split between the writer's threads
CODE_CATEGORIES = frozenset({"code_format", "cpt_number"})  # queries that are codes

ROWS_SQL = (
    "SELECT system, code, short_title, title, terms_text, status, billable FROM indexed_codes"
    " ORDER BY system, code"
)

# query -> "SYSTEM:CODE", best first, at most CUTOFF of them
Engine = Callable[[str], Awaitable[list[str]]]


@dataclass(frozen=True)
class Row:
    system: str
    code: str
    short_title: str
    title: str
    terms_text: str
    status: str
    billable: bool


@dataclass(frozen=True)
class Build:
    engine: str
    rows: int
    steps: dict[str, float]  # step -> seconds, in order
    size_bytes: int
    notes: str

    @property
    def seconds(self) -> float:
        return sum(self.steps.values())

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds


@dataclass
class Guarded:
    """An engine that never raises: a failing query counts as an error and finds nothing."""

    name: str
    engine: Engine
    errors: dict[str, str] = field(default_factory=dict)  # query -> first error

    async def __call__(self, text: str) -> list[str]:
        try:
            return (await self.engine(text))[:CUTOFF]
        except Exception as exc:  # reported with the numbers: the run goes on
            self.errors.setdefault(text, f"{type(exc).__name__}: {exc}")
            return []


@dataclass(frozen=True)
class Latency:
    samples: int
    seconds: float
    p50_ms: float
    p99_ms: float

    @property
    def qps(self) -> float:
        return self.samples / self.seconds


@dataclass(frozen=True)
class Report:
    sizes: dict[str, int]
    server: str
    builds: list[Build]
    queries: list[RelevanceQuery]
    evaluations: dict[str, Evaluation]
    latencies: dict[str, Latency]
    errors: dict[str, dict[str, str]]  # engine -> query -> first error
    passes: int


# -- the tantivy index ----------------------------------------------------------------------


def _schema() -> Any:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("system", stored=True, tokenizer_name="raw")
    builder.add_text_field("code", stored=True, tokenizer_name="raw")
    for name in TEXT_FIELDS:
        builder.add_text_field(name, tokenizer_name="en_stem")
    return builder.build()


def _analyzer(stem: bool) -> Any:
    """en_stem as tantivy defines it (simple tokenizer, long words dropped, lower case,
    English stemmer), with or without its last step."""
    builder = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
    builder = builder.filter(tantivy.Filter.remove_long(40)).filter(tantivy.Filter.lowercase())
    if stem:
        builder = builder.filter(tantivy.Filter.stemmer("english"))
    return builder.build()


def _directory_bytes(directory: Path) -> int:
    return sum(path.stat().st_size for path in directory.rglob("*") if path.is_file())


def build_tantivy(rows: Sequence[Row], directory: Path) -> tuple[Any, Build]:
    """The index of every row, committed and merged, and how long that took."""
    begin = time.perf_counter()
    index = tantivy.Index(_schema(), path=str(directory))
    writer = index.writer(heap_size=WRITER_HEAP, num_threads=0)
    for row in rows:
        writer.add_document(
            tantivy.Document(
                system=row.system,
                code=row.code,
                title=row.title,
                short_title=row.short_title,
                terms_text=row.terms_text,
            )
        )
    writer.commit()
    committed = time.perf_counter()
    writer.wait_merging_threads()
    index.reload()
    merged = time.perf_counter()
    searcher = index.searcher()
    if searcher.num_docs != len(rows):
        raise SystemExit(f"tantivy holds {searcher.num_docs} documents, not {len(rows)}")
    build = Build(
        "tantivy",
        len(rows),
        {"add + commit": committed - begin, "merges": merged - committed},
        _directory_bytes(directory),
        f"{searcher.num_segments} segment(s), writer heap {WRITER_HEAP // 1_000_000} MB",
    )
    return index, build


class TantivyEngines:
    """The two tantivy engines over one index and one searcher."""

    def __init__(self, index: Any) -> None:
        self.index = index
        self.schema = index.schema
        self.searcher = index.searcher()
        self.words = _analyzer(stem=False)
        self.stems = _analyzer(stem=True)

    def _keys(self, query: Any) -> list[str]:
        found = self.searcher.search(query, CUTOFF, count=False)
        keys: list[str] = []
        for _score, address in found.hits:
            doc = self.searcher.doc(address)
            keys.append(f"{doc.get_first('system')}:{doc.get_first('code')}")
        return keys

    async def parsed(self, text: str) -> list[str]:
        """The query parser, each typed word quoted so that no character is an operator
        ("E11.9" becomes the phrase e11 9; words are OR-ed, tantivy's default)."""
        quoted = " ".join(
            '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"' for word in text.split()
        )
        query = self.index.parse_query(
            quoted, list(TEXT_FIELDS), field_boosts={"title": TITLE_BOOST}
        )
        return self._keys(query)

    def _field_boost(self, name: str) -> float:
        return TITLE_BOOST if name == "title" else 1.0

    def _word_query(self, word: str) -> Any:
        """One word in any text field: its stem scored by BM25, and for a word of 5+ letters
        any indexed term one edit from its stem (or from the word as typed) at a constant."""
        stem = (self.stems.analyze(word) or [word])[0]
        fuzzy_targets = dict.fromkeys((stem, word)) if len(word) >= FUZZY_MIN_LETTERS else {}
        clauses: list[tuple[Any, Any]] = []
        for name in TEXT_FIELDS:
            boost = self._field_boost(name)
            exact = tantivy.Query.term_query(self.schema, name, stem)
            clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(exact, boost)))
            for target in fuzzy_targets:
                fuzzy = tantivy.Query.fuzzy_term_query(
                    self.schema, name, target, distance=1, transposition_cost_one=True
                )
                clauses.append(
                    (tantivy.Occur.Should, tantivy.Query.boost_query(fuzzy, boost * FUZZY_BOOST))
                )
        return tantivy.Query.boolean_query(clauses)

    async def fuzzy(self, text: str) -> list[str]:
        """Every word of the query (as en_stem splits it) OR-ed, each typo-tolerant."""
        words = self.words.analyze(text)
        if not words:
            return []
        query = tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, self._word_query(word)) for word in words]
        )
        return self._keys(query)


# -- PostgreSQL -----------------------------------------------------------------------------


async def read_rows(conn: asyncpg.Connection) -> list[Row]:
    return [
        Row(
            r["system"],
            r["code"],
            r["short_title"],
            r["title"],
            r["terms_text"],
            r["status"],
            r["billable"],
        )
        for r in await conn.fetch(ROWS_SQL)
    ]


async def build_postgres(conn: asyncpg.Connection, rows: int) -> Build:
    """The same full-text data built by PostgreSQL: a copy of the columns, then a GIN index
    over their English tsvector; both dropped afterwards."""
    name = f"bench_fulltext_{uuid.uuid4().hex[:8]}"
    try:
        begin = time.perf_counter()
        await conn.execute(
            f"CREATE TABLE {name} AS SELECT system, code, title, short_title, terms_text"
            " FROM indexed_codes"
        )
        copied = time.perf_counter()
        await conn.execute(
            f"CREATE INDEX {name}_gin ON {name} USING GIN"
            " (to_tsvector('english', title || ' ' || short_title || ' ' || terms_text))"
        )
        indexed = time.perf_counter()
        size = int(await conn.fetchval("SELECT pg_total_relation_size($1::regclass)", name))
        copies = int(await conn.fetchval(f"SELECT count(*) FROM {name}"))
        if copies != rows:
            raise SystemExit(f"the PostgreSQL copy holds {copies} rows, not {rows}")
    finally:
        await conn.execute(f"DROP TABLE IF EXISTS {name}")
    settings = {
        s: await conn.fetchval(f"SHOW {s}")
        for s in ("maintenance_work_mem", "max_parallel_maintenance_workers")
    }
    return Build(
        "PostgreSQL",
        rows,
        {"CREATE TABLE AS": copied - begin, "CREATE INDEX GIN": indexed - copied},
        size,
        ", ".join(f"{k} {v}" for k, v in settings.items()),
    )


# -- the engines, measured ------------------------------------------------------------------


def postgres_engines(pool: asyncpg.Pool, thesaurus: Thesaurus) -> tuple[Engine, Engine]:
    async def baseline(text: str) -> list[str]:
        return await baseline_search(pool, text)

    async def codeatlas(text: str) -> list[str]:
        page = await search_codes(pool, search_request(text, CUTOFF, None), thesaurus)
        return [f"{hit.system.value}:{hit.code}" for hit in page.hits]

    return baseline, codeatlas


async def _timed_pass(engine: Guarded, queries: Sequence[str], samples: list[float]) -> float:
    begin = time.perf_counter()
    for query in queries:
        started = time.perf_counter()
        await engine(query)
        samples.append(time.perf_counter() - started)
    return time.perf_counter() - begin


async def measure_latency(
    engines: Sequence[Guarded], queries: Sequence[str], passes: int
) -> dict[str, Latency]:
    """One warm-up pass each, then the measured passes, the engines taking turns."""
    for engine in engines:
        await _timed_pass(engine, queries, [])
    samples: dict[str, list[float]] = {engine.name: [] for engine in engines}
    seconds = dict.fromkeys(samples, 0.0)
    for _ in range(passes):
        for engine in engines:
            seconds[engine.name] += await _timed_pass(engine, queries, samples[engine.name])
    latencies: dict[str, Latency] = {}
    for name, taken in samples.items():
        cuts = statistics.quantiles(taken, n=100)
        latencies[name] = Latency(len(taken), seconds[name], cuts[49] * 1000, cuts[98] * 1000)
    return latencies


async def run(dsn: str, passes: int) -> Report:
    queries = relevance_queries()
    texts = [q.query for q in queries]
    conn = await asyncpg.connect(dsn)
    pool = await create_pool(dsn, min_size=1, max_size=2)
    try:
        server = str(await conn.fetchval("SHOW server_version"))
        print("reading indexed_codes ...", flush=True)
        rows = await read_rows(conn)
        sizes: dict[str, int] = {}
        for row in rows:
            sizes[row.system] = sizes.get(row.system, 0) + 1
        print(f"read {len(rows):,} rows; building the PostgreSQL copy ...", flush=True)
        pg_build = await build_postgres(conn, len(rows))
        with tempfile.TemporaryDirectory(prefix="codeatlas-tantivy-") as directory:
            print("building the tantivy index ...", flush=True)
            index, tantivy_build = build_tantivy(rows, Path(directory))
            tantivy_engines = TantivyEngines(index)
            baseline, codeatlas = postgres_engines(pool, reviewed_thesaurus())
            engines = [
                Guarded("PostgreSQL full text (baseline)", baseline),
                Guarded("CodeAtlas search_codes", codeatlas),
                Guarded("tantivy query parser", tantivy_engines.parsed),
                Guarded("tantivy fuzzy terms", tantivy_engines.fuzzy),
            ]
            print("relevance ...", flush=True)
            evaluations = {e.name: await evaluate(e, queries) for e in engines}
            print(f"latency ({passes} passes of {len(texts)} queries per engine) ...", flush=True)
            latencies = await measure_latency(engines, texts, passes)
    finally:
        await pool.close()
        await conn.close()
    return Report(
        sizes,
        server,
        [pg_build, tantivy_build],
        queries,
        evaluations,
        latencies,
        {e.name: e.errors for e in engines},
        passes,
    )


# -- printing -------------------------------------------------------------------------------


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def build_table(builds: Sequence[Build]) -> str:
    header = f"{'engine':<12}{'rows':>10}{'seconds':>10}{'rows/s':>10}{'on disk':>11}  steps"
    lines = [header, "-" * len(header)]
    for b in builds:
        steps = ", ".join(f"{step} {s:.2f} s" for step, s in b.steps.items())
        lines.append(
            f"{b.engine:<12}{b.rows:>10,}{b.seconds:>10.2f}{b.rows_per_second:>10,.0f}"
            f"{_mb(b.size_bytes):>11}  {steps}"
        )
    reference = builds[0]
    for b in builds[1:]:
        lines.append(
            f"{b.engine} / {reference.engine} rows/s: "
            f"{b.rows_per_second / reference.rows_per_second:.2f}"
        )
    lines += [f"{b.engine}: {b.notes}" for b in builds]
    return "\n".join(lines)


def latency_table(latencies: dict[str, Latency], reference: str) -> str:
    base = latencies[reference]
    header = (
        f"{'engine':<34}{'p50 ms':>9}{'p99 ms':>9}{'queries/s':>11}"
        f"{'p50 ratio':>11}{'p99 ratio':>11}{'q/s ratio':>11}"
    )
    lines = [header, "-" * len(header)]
    for name, r in latencies.items():
        lines.append(
            f"{name:<34}{r.p50_ms:>9.2f}{r.p99_ms:>9.2f}{r.qps:>11.1f}"
            f"{r.p50_ms / base.p50_ms:>11.2f}{r.p99_ms / base.p99_ms:>11.2f}"
            f"{r.qps / base.qps:>11.2f}"
        )
    return "\n".join(lines)


def error_report(errors: dict[str, dict[str, str]]) -> str:
    lines = [f"queries that errored: {name}: {len(found)}" for name, found in errors.items()]
    for name, found in errors.items():
        lines += [f"  {name}: {query!r}: {error}" for query, error in list(found.items())[:5]]
    return "\n".join(lines)


def summary_table(report: Report, reference: str) -> str:
    words = [q for q in report.queries if q.category not in CODE_CATEGORIES]
    base = report.latencies[reference]
    header = (
        f"{'engine':<34}{'R@1':>7}{'R@10':>7}{'MRR':>7}{'R@10 words':>12}"
        f"{'p50 ms':>9}{'q/s':>9}{'q/s ratio':>11}{'errors':>8}"
    )
    lines = [header, "-" * len(header)]
    for name, evaluation in report.evaluations.items():
        overall = evaluation.overall()
        on_words = scores([evaluation.ranks[q.query] for q in words])
        latency = report.latencies[name]
        lines.append(
            f"{name:<34}{overall.recall_at_1:>7.3f}{overall.recall_at_10:>7.3f}"
            f"{overall.mrr:>7.3f}{on_words.recall_at_10:>12.3f}{latency.p50_ms:>9.2f}"
            f"{latency.qps:>9.1f}{latency.qps / base.qps:>11.2f}{len(report.errors[name]):>8}"
        )
    lines.append(
        f"(R@10 words: the {len(words)} queries that are not codes; errors: queries that"
        " raised, in the relevance and latency runs)"
    )
    return "\n".join(lines)


def print_report(report: Report) -> None:
    reference = next(iter(report.latencies))
    sizes = ", ".join(f"{system} {n:,}" for system, n in report.sizes.items())
    print(
        f"\nSearch engines over the full index ({sizes}; {sum(report.sizes.values()):,} codes;"
        f" PostgreSQL {report.server}, tantivy-py {version('tantivy')})"
    )
    print("\nBuild (tantivy: from the rows in memory; PostgreSQL: from indexed_codes)")
    print(build_table(report.builds))
    print(
        f"\nRelevance ({len(report.queries)} reviewed queries, every one given unchanged to"
        " every engine)"
    )
    print(table(report.queries, report.evaluations))
    print()
    print(error_report(report.errors))
    print(
        f"\nLatency (the {len(report.queries)} queries one after another, 1 warm-up pass then"
        f" {report.passes} measured passes per engine, engines taking turns; ratios ="
        f" engine / {reference})"
    )
    print(latency_table(report.latencies, reference))
    print("\nSummary")
    print(summary_table(report, reference))


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--passes", type=int, default=3, help="measured passes per engine")
    return parser.parse_args()


def main() -> int:
    args = _arguments()
    with throwaway_stack() as stack:
        dsn = SearchSettings(database_url=stack.infra.database_url).dsn
        report = asyncio.run(run(dsn, args.passes))
    print_report(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
