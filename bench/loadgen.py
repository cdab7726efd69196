"""A small closed-loop HTTP load generator shared by the benchmarks.

Each scenario runs in its own process so that the client's event loop never shares a core's
time slice with the measuring code; numbers are only ever compared with a baseline measured
in the same run (absolute times on a 2-core machine mean little).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx

Request = tuple[str, dict[str, Any]]


@dataclass(frozen=True)
class Result:
    name: str
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


@dataclass(frozen=True)
class Load:
    """How much load a scenario gets: requests measured, concurrent clients, warm-up requests."""

    requests: int
    concurrency: int
    warmup: int


def load_arguments(doc: str | None, default: Load) -> argparse.ArgumentParser:
    """A benchmark's command line: --requests, --concurrency and --warmup (a bench adds its
    own options to the parser it gets)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0] if doc else None)
    parser.add_argument(
        "--requests", type=int, default=default.requests, help="measured requests per row"
    )
    parser.add_argument(
        "--concurrency", type=int, default=default.concurrency, help="closed-loop clients"
    )
    parser.add_argument(
        "--warmup", type=int, default=default.warmup, help="unmeasured requests first"
    )
    return parser


def load_of(args: argparse.Namespace) -> Load:
    return Load(args.requests, args.concurrency, args.warmup)


def summarize(name: str, latencies: list[float], errors: int, seconds: float) -> Result:
    """A run's latencies (in seconds) as a Result with p50 and p99 in milliseconds."""
    cuts = statistics.quantiles(latencies, n=100)
    return Result(name, len(latencies), errors, seconds, cuts[49] * 1000, cuts[98] * 1000)


async def _drive(
    steps: list[Request], total: int, concurrency: int, headers: dict[str, str] | None = None
) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = 0
    issued = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=30, limits=limits, headers=headers) as client:

        async def worker() -> None:
            nonlocal issued, errors
            while issued < total:
                issued += 1
                started = time.perf_counter()
                for url, body in steps:
                    response = await client.post(url, json=body)
                    if response.status_code != 200 or "errors" in response.json():
                        errors += 1
                latencies.append(time.perf_counter() - started)

        begin = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return latencies, errors, time.perf_counter() - begin


def _run(
    name: str,
    steps: list[Request],
    total: int,
    concurrency: int,
    warmup: int,
    headers: dict[str, str] | None,
) -> Result:
    asyncio.run(_drive(steps, warmup, concurrency, headers))
    latencies, errors, seconds = asyncio.run(_drive(steps, total, concurrency, headers))
    return summarize(name, latencies, errors, seconds)


def measure(
    name: str,
    steps: list[Request],
    total: int = 1500,
    concurrency: int = 16,
    warmup: int = 200,
    headers: dict[str, str] | None = None,
) -> Result:
    """``headers`` go with every request (a credential, say)."""
    with ProcessPoolExecutor(max_workers=1) as pool:
        return pool.submit(_run, name, steps, total, concurrency, warmup, headers).result()


def ratio_table(pairs: list[tuple[Result, Result]], describe: Callable[[Result], str]) -> str:
    header = (
        f"{'scenario':<44}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}"
        f"{'rps ratio':>11}{'p99 ratio':>11}"
    )
    lines = [header, "-" * len(header)]
    for measured, baseline in pairs:
        for result, is_baseline in ((baseline, True), (measured, False)):
            ratios = (
                ""
                if is_baseline
                else f"{result.rps / baseline.rps:>11.2f}{result.p99_ms / baseline.p99_ms:>11.2f}"
            )
            lines.append(
                f"{describe(result):<44}{result.rps:>9.0f}{result.p50_ms:>9.2f}"
                f"{result.p99_ms:>9.2f}{result.errors:>8}{ratios}"
            )
    return "\n".join(lines)
