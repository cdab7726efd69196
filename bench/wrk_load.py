"""Closed-loop load from wrk, a load generator written in C, when it is installed.

The Python load generator (``loadgen.py``) costs about as much CPU per request as the
gateways it measures, on the same two cores: it caps every row near the same throughput and
its own pauses show up in every p99. wrk costs a fraction of that, so what it measures is
the server's. Install it with ``apt-get install wrk``; without it, the benchmarks that use
this module say so and measure with ``loadgen.py``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from loadgen import Result

SCRIPT = Path(__file__).resolve().parent / "wrk_post.lua"


def available() -> bool:
    return shutil.which("wrk") is not None


def measure_seconds(
    name: str, url: str, body: dict[str, Any], seconds: float, concurrency: int
) -> Result:
    """``concurrency`` connections, each sending ``body`` again as soon as it is answered,
    for ``seconds``; a non-2xx answer or a socket error counts as an error."""
    completed = subprocess.run(
        [
            "wrk",
            "--threads",
            "1",
            "--connections",
            str(concurrency),
            "--duration",
            f"{max(1, round(seconds))}s",
            "--timeout",
            "30s",
            "--script",
            str(SCRIPT),
            url,
        ],
        env={**os.environ, "BODY": json.dumps(body)},
        capture_output=True,
        text=True,
        check=True,
    )
    summary = json.loads(completed.stdout.strip().splitlines()[-1])
    return Result(
        name,
        summary["requests"],
        summary["errors"],
        summary["micros"] / 1e6,
        summary["p50_us"] / 1000,
        summary["p99_us"] / 1000,
    )
