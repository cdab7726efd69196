"""Quota benchmark: view decisions through the quota service against its Lua script alone.

    uv run python bench/quota_bench.py [--requests 1500] [--concurrency 16] [--warmup 150]

Starts PostgreSQL, Redis and the broker (embedded unless DATABASE_URL, REDIS_URL and
KAFKA_BOOTSTRAP_SERVERS are given) and the quota service alone (uvicorn, one process), then
measures in the same run, each scenario in a process of its own with the same closed-loop
concurrency:

- service: POST /internal/views/batch with 1 and with 20 codes per request, from signed pro
  viewers, every code new to its viewer: each decision is a grant that the script makes in
  Redis and the ledger re-checks, records and announces (outbox) in one transaction;
- baseline: EVALSHA of the service's own decide script with the same arguments, straight to
  Redis, 1 and 20 codes per call, every window loaded beforehand.

Ratios are service / raw EVALSHA: decisions per second (< 1 is what HTTP, the viewer check,
the ledger and the events cost) and latency per request.
"""

from __future__ import annotations

import asyncio
import os
import string
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Coroutine
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import redis.asyncio as aioredis

from atlaskit.db import drop_database
from atlaskit.settings import database_url_with_name
from atlaskit.viewer import VIEWER_HEADER, Viewer, ViewerKind, sign_viewer
from devstack.infra import infrastructure, remove_workdir
from devstack.processes import ProcessGroup, free_port, wait_until
from devstack.stack import service_ready, uvicorn_command
from quota.adapters.meter import DECIDE_SCRIPT, ViewMeter, decide_arguments
from quota.domain.plans import plans_from_config
from quota.domain.windows import window_containing

sys.path.insert(0, str(Path(__file__).parent))
from loadgen import Load, Result, load_arguments, load_of, summarize

HCPCS_LETTERS = string.ascii_uppercase[: string.ascii_uppercase.index("V") + 1]
CODE_SIZES = (1, 20)
PLAN = "pro"  # unlimited: every new code is a grant, the most work a decision can take

# One request (or script call) of ``size`` new codes; True when every decision was a grant.
Call = Callable[[int], Awaitable[bool]]
# Latencies in seconds, errors, and the seconds the whole run took.
Timings = tuple[list[float], int, float]
# A closed-loop run of ``total`` requests.
Drive = Callable[[int], Coroutine[Any, Any, Timings]]


@dataclass(frozen=True)
class Measured:
    result: Result
    codes_per_request: int

    @property
    def decisions_per_second(self) -> float:
        return self.result.rps * self.codes_per_request


def _code(index: int) -> str:
    """The index-th well-formed HCPCS code (A0000 ... V9999)."""
    return f"{HCPCS_LETTERS[index // 10_000]}{index % 10_000:04d}"


class CodeStream:
    """New codes for one viewer, ``size`` at a time."""

    def __init__(self) -> None:
        self._next = 0

    def take(self, size: int) -> list[str]:
        codes = [_code(self._next + i) for i in range(size)]
        self._next += size
        return codes


async def _closed_loop(calls: list[Call], size: int, total: int) -> Timings:
    """Each call site (one per concurrent client) issues requests until ``total`` are done."""
    latencies: list[float] = []
    errors = 0
    issued = 0

    async def client(call: Call) -> None:
        nonlocal issued, errors
        while issued < total:
            issued += 1
            started = time.perf_counter()
            granted = await call(size)
            latencies.append(time.perf_counter() - started)
            errors += not granted

    began = time.perf_counter()
    await asyncio.gather(*(client(call) for call in calls))
    return latencies, errors, time.perf_counter() - began


async def _through_service(
    url: str, secret: str, size: int, concurrency: int, total: int
) -> Timings:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=30, limits=limits) as http:

        def call_site() -> Call:
            viewer = Viewer(f"bench-{uuid.uuid4().hex}", ViewerKind.ACCOUNT, PLAN)
            codes = CodeStream()

            async def call(n: int) -> bool:
                body = {"codes": [{"system": "HCPCS", "code": c} for c in codes.take(n)]}
                headers = {VIEWER_HEADER: sign_viewer(secret, viewer, datetime.now(UTC))}
                response = await http.post(url, json=body, headers=headers)
                if response.status_code != 200:
                    return False
                return all(d["decision"] == "granted" for d in response.json()["decisions"])

            return call

        return await _closed_loop([call_site() for _ in range(concurrency)], size, total)


async def _straight_to_redis(redis_url: str, size: int, concurrency: int, total: int) -> Timings:
    client = aioredis.Redis.from_url(redis_url)
    plan = plans_from_config({}).named(PLAN)
    window = window_containing(datetime.now(UTC)).label
    try:
        sha = await client.script_load(DECIDE_SCRIPT)

        async def call_site() -> Call:
            viewer_id = f"bench-{uuid.uuid4().hex}"
            await ViewMeter(client).load(viewer_id, window, [])
            codes = CodeStream()

            async def call(n: int) -> bool:
                page_keys = [f"HCPCS:{code}" for code in codes.take(n)]
                keys, args = decide_arguments(viewer_id, plan, window, page_keys)
                verdicts = await client.evalsha(sha, len(keys), *keys, *args)
                return all(verdict == b"granted" for verdict in verdicts)

            return call

        calls = [await call_site() for _ in range(concurrency)]
        return await _closed_loop(calls, size, total)
    finally:
        await client.aclose()


def _scenario(name: str, drive: Drive, load: Load) -> Result:
    """Runs in a process of its own: a warm-up, then the measured run, on new viewers."""
    asyncio.run(drive(load.warmup))
    latencies, errors, seconds = asyncio.run(drive(load.requests))
    return summarize(name, latencies, errors, seconds)


def _measure(name: str, drive: Drive, size: int, load: Load) -> Measured:
    with ProcessPoolExecutor(max_workers=1) as pool:
        result = pool.submit(_scenario, name, drive, load).result()
    return Measured(result, size)


def _table(pairs: list[tuple[Measured, Measured]]) -> str:
    header = (
        f"{'scenario':<40}{'req/s':>9}{'decisions/s':>13}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'errors':>8}{'dec/s ratio':>13}{'p50 ratio':>11}{'p99 ratio':>11}"
    )
    lines = [header, "-" * len(header)]
    for service, raw in pairs:
        for measured in (raw, service):
            r = measured.result
            ratios = (
                ""
                if measured is raw
                else f"{measured.decisions_per_second / raw.decisions_per_second:>13.3f}"
                f"{r.p50_ms / raw.result.p50_ms:>11.1f}{r.p99_ms / raw.result.p99_ms:>11.1f}"
            )
            lines.append(
                f"{r.name:<40}{r.rps:>9.0f}{measured.decisions_per_second:>13.0f}"
                f"{r.p50_ms:>9.2f}{r.p99_ms:>9.2f}{r.errors:>8}{ratios}"
            )
    return "\n".join(lines)


def _arguments() -> Load:
    return load_of(load_arguments(__doc__, Load(1500, 16, 150)).parse_args())


def main() -> int:
    load = _arguments()
    workdir = Path(tempfile.mkdtemp(prefix="codeatlas-bench-"))
    group = ProcessGroup(workdir / "logs")
    secret = f"bench-{uuid.uuid4().hex}"
    pairs: list[tuple[Measured, Measured]] = []
    try:
        with infrastructure(workdir, group) as infra:
            prefix = f"bench_{uuid.uuid4().hex[:8]}"
            port = free_port()
            env = {
                **os.environ,
                **infra.env(),
                "CODEATLAS_DATABASE_PREFIX": prefix,
                "KAFKA_TOPIC_PREFIX": prefix,
                "CODEATLAS_VIEWER_CONTEXT_SECRET": secret,
                "PYTHONUNBUFFERED": "1",
            }
            service = group.start("quota", uvicorn_command("quota.app:create_app", port), env=env)
            base = f"http://127.0.0.1:{port}"
            wait_until(lambda: service_ready(f"{base}/readyz"), 60, "the quota service")
            batch = f"{base}/internal/views/batch"
            for size in CODE_SIZES:
                plural = "code" if size == 1 else "codes"
                through_service = partial(_through_service, batch, secret, size, load.concurrency)
                raw = partial(_straight_to_redis, infra.redis_url, size, load.concurrency)
                pairs.append(
                    (
                        _measure(
                            f"service batch, {size} {plural}/request", through_service, size, load
                        ),
                        _measure(f"raw EVALSHA, {size} {plural}/call", raw, size, load),
                    )
                )
            service.stop()
            asyncio.run(
                drop_database(database_url_with_name(infra.database_url, f"{prefix}_quota"))
            )
    finally:
        remove_workdir(workdir)
    print(
        f"\nQuota benchmark ({load.concurrency} concurrent clients, {load.requests} requests"
        f" per scenario after {load.warmup} to warm up; plan {PLAN!r}, every code new;"
        " ratios = service / raw EVALSHA of the same script)"
    )
    print(_table(pairs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
