"""Gateway comparison: CodeAtlas's gateway, Hive Gateway and Apollo Gateway, same subgraphs.

    uv run python bench/gateway_vs_js_bench.py [--seconds S] [--rounds R] [--concurrency C]
        [--python-load [--requests N] [--warmup W]]

Starts the two in-memory subgraphs of ``bench_subgraphs.py`` (uvicorn, one process each),
composes their supergraph with The Guild's composer (``js_gateways/compose.mjs``) for the
two JavaScript gateways, starts the gateways (one process each; CodeAtlas composes its own
and runs twice: as it is by default, and sending every identical call in flight) and
measures them one at a time under the same closed-loop load (the catalog subgraph alone,
without a gateway, is measured too on the first, as the ceiling):

- 1 subgraph:  codes with their titles and RVUs, all from the catalog;
- 2 subgraphs: codes with their global period (an entity join, catalog then fees);
- @requires (2 fetches): codes with their work payment, which requires the RVU: the
  catalog's answer carries the RVU into the fees fetch;
- @requires (3 fetches): the same from the fee schedule: fees (the codes), catalog (the
  RVU, the title), fees again (the payment), where the required field is a detour.

Each gateway's answer is checked against the expected data first; a wrong answer is reported
as unsupported instead of being measured. Ratios are against Hive Gateway: rps ratio >= 1 at
p99 ratio <= 1 is the goal. Needs Node 20 and npm (``npm ci`` runs if node_modules is absent).
The load comes from wrk when it is installed (``wrk_load.py`` says why), otherwise, or with
``--python-load``, from the Python load generator.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from devstack.processes import ProcessGroup, free_port
from devstack.stack import gateway_command, wait_ready

sys.path.insert(0, str(Path(__file__).resolve().parent))
import wrk_load
from bench_subgraphs import SCHEDULE, work_payment_cents
from loadgen import Load, Result, load_arguments, load_of, measure

BENCH = Path(__file__).resolve().parent
JS_GATEWAYS = BENCH / "js_gateways"

FIRST = 10
BASELINE = "hive"
WARMUP_SECONDS = 2
CODES = list(SCHEDULE.values())[:FIRST]


@dataclass(frozen=True)
class Scenario:
    name: str
    query: str
    expected: dict[str, Any]


SCENARIOS = (
    Scenario(
        "1 subgraph",
        f"{{ codes(first: {FIRST}) {{ code title workRvu }} }}",
        {"codes": [{"code": c.code, "title": c.title, "workRvu": c.work_rvu} for c in CODES]},
    ),
    Scenario(
        "2 subgraphs",
        f"{{ codes(first: {FIRST}) {{ code title globalPeriod }} }}",
        {
            "codes": [
                {"code": c.code, "title": c.title, "globalPeriod": c.global_period} for c in CODES
            ]
        },
    ),
    Scenario(
        "@requires (2 fetches)",
        f"{{ codes(first: {FIRST}) {{ code title workPaymentCents }} }}",
        {
            "codes": [
                {
                    "code": c.code,
                    "title": c.title,
                    "workPaymentCents": work_payment_cents(c.work_rvu),
                }
                for c in CODES
            ]
        },
    ),
    Scenario(
        "@requires (3 fetches)",
        f"{{ feeSchedule(first: {FIRST}) {{ code title workPaymentCents }} }}",
        {
            "feeSchedule": [
                {
                    "code": c.code,
                    "title": c.title,
                    "workPaymentCents": work_payment_cents(c.work_rvu),
                }
                for c in CODES
            ]
        },
    ),
)


@dataclass(frozen=True)
class Gateway:
    key: str
    label: str
    url: str
    # A subgraph measured without a gateway can answer only the scenario that is all its own.
    only: str | None = None

    def answers(self, scenario: Scenario) -> bool:
        return self.only is None or self.only == scenario.name


@dataclass(frozen=True)
class Row:
    scenario: Scenario
    gateway: Gateway
    result: Result | None
    refusal: str = ""


def _answers(url: str) -> bool:
    try:
        response = httpx.post(url, json={"query": "{ __typename }"}, timeout=2)
    except httpx.HTTPError:
        return False
    return response.status_code == 200


def _wait_answering(group: ProcessGroup, name: str, url: str) -> None:
    wait_ready(group, name, url, timeout=90, probe=_answers)


def _install_js_gateways() -> None:
    if not (JS_GATEWAYS / "node_modules").is_dir():
        print("installing the JavaScript gateways (npm ci)...", flush=True)
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=JS_GATEWAYS, check=True)


def _start_subgraphs(group: ProcessGroup) -> dict[str, str]:
    subgraphs: dict[str, str] = {}
    for name in ("catalog", "fees"):
        port = free_port()
        group.start(
            name,
            [
                sys.executable,
                "-m",
                "uvicorn",
                f"bench_subgraphs:{name}_app",
                "--app-dir",
                str(BENCH),
                "--port",
                str(port),
                "--log-level",
                "warning",
                "--no-access-log",
            ],
        )
        subgraphs[name] = f"http://127.0.0.1:{port}/graphql"
    for name, url in subgraphs.items():
        _wait_answering(group, name, url)
    return subgraphs


def _compose(subgraphs: dict[str, str], out: Path) -> Path:
    pairs = [f"{name}={url}" for name, url in subgraphs.items()]
    subprocess.run(["node", "compose.mjs", str(out), *pairs], cwd=JS_GATEWAYS, check=True)
    return out


def _codeatlas_env(deduplicate: bool = True) -> dict[str, str]:
    # The comparison is of federation, so the edge limits the JS gateways lack are off, and
    # nothing is traced or logged per request.
    untraced = {"OTEL_EXPORTER_OTLP_ENDPOINT", "CODEATLAS_SPAN_DIR"}
    env = {k: v for k, v in os.environ.items() if k not in untraced}
    env.update(
        GATEWAY_RATE_LIMIT_PER_VIEWER="0",
        GATEWAY_RATE_LIMIT_PER_ADDRESS="0",
        GATEWAY_DEDUPLICATE_IN_FLIGHT=str(deduplicate).lower(),
        LOG_LEVEL="WARNING",
    )
    return env


def _start_gateways(
    group: ProcessGroup, subgraphs: dict[str, str], supergraph: Path
) -> list[Gateway]:
    ports = {key: free_port() for key in ("hive", "apollo", "codeatlas", "codeatlas-unshared")}
    group.start("hive", ["node", "hive.mjs", str(ports["hive"]), str(supergraph)], cwd=JS_GATEWAYS)
    group.start(
        "apollo", ["node", "apollo.mjs", str(ports["apollo"]), str(supergraph)], cwd=JS_GATEWAYS
    )
    for key, deduplicate in (("codeatlas", True), ("codeatlas-unshared", False)):
        group.start(key, gateway_command(ports[key], subgraphs), env=_codeatlas_env(deduplicate))
    gateways = [
        Gateway("hive", "Hive Gateway", f"http://127.0.0.1:{ports['hive']}/graphql"),
        Gateway("apollo", "Apollo Gateway", f"http://127.0.0.1:{ports['apollo']}/graphql"),
        Gateway("codeatlas", "CodeAtlas", f"http://127.0.0.1:{ports['codeatlas']}/graphql"),
        # Hive Gateway shares identical subgraph calls in flight by default, as CodeAtlas
        # does; this row shows CodeAtlas sending every call.
        Gateway(
            "codeatlas-unshared",
            "CodeAtlas, no sharing",
            f"http://127.0.0.1:{ports['codeatlas-unshared']}/graphql",
        ),
    ]
    for gateway in gateways:
        _wait_answering(group, gateway.key, gateway.url)
    direct = Gateway("direct", "catalog alone", subgraphs["catalog"], only=SCENARIOS[0].name)
    return [direct, *gateways]


@contextmanager
def _running_gateways(log_dir: Path) -> Iterator[list[Gateway]]:
    group = ProcessGroup(log_dir)
    try:
        subgraphs = _start_subgraphs(group)
        supergraph = _compose(subgraphs, log_dir / "supergraph.graphql")
        yield _start_gateways(group, subgraphs, supergraph)
    finally:
        group.stop_all()


def _refusal(gateway: Gateway, scenario: Scenario) -> str:
    """Why ``gateway`` cannot be measured on ``scenario`` (its answer is wrong), or ''."""
    response = httpx.post(gateway.url, json={"query": scenario.query}, timeout=10)
    body = response.json()
    if body.get("errors"):
        return f"unsupported: {body['errors'][0].get('message', '')[:60]}"
    if body.get("data") != scenario.expected:
        return "unsupported: wrong answer"
    return ""


def _combined(name: str, rounds: list[Result]) -> Result:
    """Rounds as one row: req/s over all of them, p50 and p99 the median of theirs."""
    return Result(
        name,
        sum(r.requests for r in rounds),
        sum(r.errors for r in rounds),
        sum(r.seconds for r in rounds),
        statistics.median(r.p50_ms for r in rounds),
        statistics.median(r.p99_ms for r in rounds),
    )


@dataclass(frozen=True)
class Driver:
    """How a round of load is made: by wrk for ``seconds`` when it is installed, else by the
    Python load generator for a share of ``load.requests``."""

    load: Load
    rounds: int
    seconds: float
    use_wrk: bool

    def describe(self) -> str:
        if self.use_wrk:
            return (
                f"wrk, {self.load.concurrency} connections, {self.rounds} alternating rounds of"
                f" {self.seconds:g} s each after a {WARMUP_SECONDS} s warm-up"
            )
        return (
            f"Python load generator, {self.load.concurrency} concurrent clients,"
            f" {self.load.requests} requests each in {self.rounds} alternating rounds after"
            f" {self.load.warmup} warm-up"
        )

    def round(self, name: str, url: str, query: str, first: bool) -> Result:
        body = {"query": query}
        if not self.use_wrk:
            share = self.load.requests // self.rounds
            warmup = self.load.warmup if first else 0
            return measure(name, [(url, body)], share, self.load.concurrency, warmup)
        if first:
            wrk_load.measure_seconds(name, url, body, WARMUP_SECONDS, self.load.concurrency)
        return wrk_load.measure_seconds(name, url, body, self.seconds, self.load.concurrency)


def _compare(scenario: Scenario, gateways: list[Gateway], driver: Driver) -> list[Row]:
    """Each gateway that answers ``scenario`` right, measured in short rounds that take
    turns (who goes first rotates), so drift in a shared machine's load favours none."""
    contenders = [g for g in gateways if g.answers(scenario)]
    refusals = {g: _refusal(g, scenario) for g in contenders}
    measured = [g for g in contenders if not refusals[g]]
    results: dict[Gateway, list[Result]] = {g: [] for g in measured}
    for turn in range(driver.rounds):
        for gateway in measured[turn % len(measured) :] + measured[: turn % len(measured)]:
            name = f"{gateway.label}: {scenario.name}"
            results[gateway].append(driver.round(name, gateway.url, scenario.query, turn == 0))
        print(f"{scenario.name}: round {turn + 1} of {driver.rounds}", file=sys.stderr, flush=True)
    return [
        Row(scenario, g, _combined(g.label, results[g]) if g in results else None, refusals[g])
        for g in contenders
    ]


def _table(rows: list[Row]) -> str:
    header = (
        f"{'scenario':<48}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}"
        f"{'rps ratio':>11}{'p99 ratio':>11}"
    )
    lines = [header, "-" * len(header)]
    for row in rows:
        name = f"{row.gateway.label}: {row.scenario.name}"
        if row.result is None:
            lines.append(f"{name:<48}{row.refusal}")
            continue
        lines.append(
            f"{name:<48}{row.result.rps:>9.0f}{row.result.p50_ms:>9.2f}"
            f"{row.result.p99_ms:>9.2f}{row.result.errors:>8}{_ratios(row, rows)}"
        )
    return "\n".join(lines)


def _baseline(row: Row, rows: list[Row]) -> Result | None:
    return next(
        (r.result for r in rows if r.scenario == row.scenario and r.gateway.key == BASELINE),
        None,
    )


def _ratios(row: Row, rows: list[Row]) -> str:
    baseline = _baseline(row, rows)
    if row.gateway.key == BASELINE or baseline is None or row.result is None:
        return ""
    return f"{row.result.rps / baseline.rps:>11.2f}{row.result.p99_ms / baseline.p99_ms:>11.2f}"


def _verdicts(rows: list[Row]) -> list[str]:
    lines = []
    for row in (r for r in rows if r.gateway.key == "codeatlas"):
        baseline = _baseline(row, rows)
        if row.result is None or baseline is None:
            lines.append(f"{row.scenario.name}: not compared ({row.refusal or 'no baseline'})")
            continue
        met = row.result.rps >= baseline.rps and row.result.p99_ms <= baseline.p99_ms
        lines.append(
            f"{row.scenario.name}: CodeAtlas {row.result.rps / baseline.rps:.2f}x Hive's "
            f"throughput at {row.result.p99_ms / baseline.p99_ms:.2f}x its p99: "
            f"{'met' if met else 'not met'}"
        )
    return lines


def main() -> int:
    parser = load_arguments(__doc__, Load(requests=1500, concurrency=16, warmup=200))
    parser.add_argument("--rounds", type=int, default=3, help="turns the load is split in")
    parser.add_argument("--seconds", type=float, default=5.0, help="length of a wrk round")
    parser.add_argument(
        "--python-load", action="store_true", help="the Python load generator even with wrk"
    )
    args = parser.parse_args()
    use_wrk = wrk_load.available() and not args.python_load
    if not use_wrk and not args.python_load:
        print("wrk is not installed (apt-get install wrk): the Python load generator measures")
    driver = Driver(load_of(args), args.rounds, args.seconds, use_wrk)
    _install_js_gateways()
    rows: list[Row] = []
    with (
        tempfile.TemporaryDirectory(prefix="gateway-vs-js-") as tmp,
        _running_gateways(Path(tmp)) as gateways,
    ):
        for scenario in SCENARIOS:
            rows.extend(_compare(scenario, gateways, driver))
    print(
        f"\nGateways over the same two in-memory subgraphs ({driver.describe()};"
        " p50/p99 = median of the rounds'; ratios = gateway / Hive)"
    )
    print(_table(rows))
    print("\nGoal: CodeAtlas >= Hive Gateway's req/s at an equal or lower p99")
    print("\n".join(_verdicts(rows)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
