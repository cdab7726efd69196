"""`make run` (codeatlas-stack run) starts everything, serves, and stops leaving nothing behind."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
import pytest

pytestmark = pytest.mark.e2e

# Each run imports 2.8M rows and waits for ~186k code events to be consumed: 101 s in
# session 1, up to ~280 s in session 2, ~170 s a run in session 3 (see the README). A guard
# against hanging, not a speed check.
BANNER_DEADLINE_SECONDS = 420

GIVEN = (
    "DATABASE_URL",
    "REDIS_URL",
    "KAFKA_BOOTSTRAP_SERVERS",
    "CODEATLAS_SPAN_DIR",
    "CODEATLAS_DATABASE_PREFIX",
    "KAFKA_TOPIC_PREFIX",
)


def _processes_touching(folder: Path) -> list[str]:
    marker = str(folder)
    left = []
    for process in psutil.process_iter(["pid", "cmdline"]):
        try:
            cmdline = " ".join(process.info["cmdline"] or ())
            environ = process.environ()
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
        if marker in cmdline or any(marker in value for value in environ.values()):
            left.append(f"{process.info['pid']}: {cmdline[:120]}")
    return left


def _start_and_stop_once() -> None:
    env = {k: v for k, v in os.environ.items() if k not in GIVEN}
    runner = subprocess.Popen(
        [sys.executable, "-m", "devstack.cli", "run", "--free-ports"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    assert runner.stdout is not None
    output: list[str] = []
    deadline = time.monotonic() + BANNER_DEADLINE_SECONDS
    while time.monotonic() < deadline:
        line = runner.stdout.readline()
        if not line:
            break
        output.append(line)
        if line.startswith("Press Ctrl-C"):
            break
    banner = "".join(output)
    assert "CodeAtlas is running." in banner, banner
    gateway = re.search(r"GraphQL \+ GraphiQL\s+(\S+)", banner)
    workdir = re.search(r"logs and spans\s+(\S+)", banner)
    assert gateway and workdir, banner
    assert "started embedded    postgres, redis, kafka" in banner
    answer = httpx.post(
        gateway.group(1),
        json={"query": '{ code(system: HCPCS, code: "K0001") { code title } }'},
        timeout=30,
    ).json()
    assert answer == {"data": {"code": {"code": "K0001", "title": "Standard wheelchair"}}}

    runner.send_signal(signal.SIGINT)
    rest, _ = runner.communicate(timeout=90)
    assert runner.returncode == 0, banner + rest
    assert "nothing left running" in rest
    folder = Path(workdir.group(1))
    assert not folder.exists(), "the run's temporary folder is removed"
    assert _processes_touching(folder) == []
    with pytest.raises(httpx.ConnectError):
        httpx.get(gateway.group(1).replace("/graphql", "/healthz"), timeout=2)


@pytest.mark.timeout(2 * BANNER_DEADLINE_SECONDS + 120)
def test_make_run_twice_in_a_row_serves_and_leaves_nothing_behind() -> None:
    _start_and_stop_once()
    _start_and_stop_once()
