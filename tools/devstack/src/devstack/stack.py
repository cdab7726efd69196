"""The whole CodeAtlas stack on one machine: infrastructure, demo data, services, gateway."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from devstack.catch_up import wait_for_followers
from devstack.infra import Infrastructure, infrastructure, remove_workdir
from devstack.processes import ProcessGroup, free_port, wait_until

SERVICES: dict[str, str] = {
    "catalog": "catalog.app:create_app",
    "search": "search.app:create_app",
    "quota": "quota.app:create_app",
    "assistant": "assistant.app:create_app",
    "identity": "identity.app:create_app",
}
# Every client of a test or benchmark stack is 127.0.0.1: the gateway's per-address and
# per-viewer rate limits would measure themselves, so those stacks run without them (the
# gateway's own tests cover the limits).
UNLIMITED = {"GATEWAY_RATE_LIMIT_PER_VIEWER": "0", "GATEWAY_RATE_LIMIT_PER_ADDRESS": "0"}
DEFAULT_PORTS: dict[str, int] = {
    "gateway": 4000,
    "catalog": 4001,
    "search": 4002,
    "quota": 4003,
    "assistant": 4004,
    "identity": 4005,
}


@dataclass
class StackOptions:
    ports: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_PORTS))
    load_demo: bool = True
    env: dict[str, str] = field(default_factory=dict)

    @classmethod
    def on_free_ports(cls, **kwargs: object) -> StackOptions:
        return cls(ports={name: free_port() for name in DEFAULT_PORTS}, **kwargs)  # type: ignore[arg-type]


@dataclass(frozen=True)
class RunningStack:
    run_id: str
    workdir: Path
    infra: Infrastructure
    ports: dict[str, int]
    env: dict[str, str]
    group: ProcessGroup

    @property
    def gateway_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['gateway']}/graphql"

    def service_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    @property
    def subgraphs(self) -> dict[str, str]:
        return {name: f"{self.service_url(name)}/graphql" for name in SERVICES}

    @property
    def span_dir(self) -> Path:
        return Path(self.env["CODEATLAS_SPAN_DIR"])


def uvicorn_command(factory: str, port: int) -> list[str]:
    """The command line that serves one service's app factory on 127.0.0.1:``port``."""
    return [
        sys.executable,
        "-m",
        "uvicorn",
        factory,
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-access-log",
        "--log-level",
        "warning",
    ]


def service_ready(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1.0).status_code == 200
    except httpx.HTTPError:
        return False


def gateway_command(port: int, subgraphs: dict[str, str]) -> list[str]:
    """The command line of a gateway on 127.0.0.1:``port`` over ``subgraphs`` (name: URL)."""
    return [
        sys.executable,
        "-m",
        "gateway",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        *(f"--subgraph={name}={url}" for name, url in subgraphs.items()),
    ]


def wait_ready(
    group: ProcessGroup,
    name: str,
    url: str,
    timeout: float = 60,
    probe: Callable[[str], bool] = service_ready,
) -> None:
    """Waits until ``probe(url)`` (by default: the health ``url`` answers 200); a process
    that exits first fails with its log."""
    process = next(p for p in reversed(group.started) if p.name == name)

    def ready() -> bool:
        if process.process.poll() is not None:
            raise RuntimeError(f"{name} exited during start-up:\n{process.tail()}")
        return probe(url)

    try:
        wait_until(ready, timeout, name)
    except TimeoutError as exc:
        raise RuntimeError(f"{exc}; last log lines:\n{process.tail()}") from exc


def load_demo_data(env: dict[str, str], log_dir: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "catalog.cli", "load-demo"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    (log_dir / "load-demo.log").write_text(result.stdout + result.stderr)
    if result.returncode != 0:
        raise RuntimeError(f"loading the demo data failed:\n{result.stderr}")
    return result.stdout.strip()


@contextmanager
def throwaway_stack() -> Iterator[RunningStack]:
    """The whole stack on free ports in a temporary folder, removed with everything in it
    when the stack stops (the benchmarks' stack)."""
    workdir = Path(tempfile.mkdtemp(prefix="codeatlas-bench-"))
    try:
        with running_stack(workdir, StackOptions.on_free_ports(env=UNLIMITED)) as stack:
            yield stack
    finally:
        remove_workdir(workdir)


@contextmanager
def running_stack(workdir: Path, options: StackOptions) -> Iterator[RunningStack]:
    run_id = uuid.uuid4().hex[:12]
    group = ProcessGroup(workdir / "logs")
    with infrastructure(workdir, group) as infra:
        env = {
            **os.environ,
            **infra.env(),
            "CODEATLAS_RUN_ID": run_id,
            "CODEATLAS_SPAN_DIR": os.environ.get("CODEATLAS_SPAN_DIR", str(workdir / "spans")),
            "PYTHONUNBUFFERED": "1",
            "CATALOG_QUOTA_URL": f"http://127.0.0.1:{options.ports['quota']}",
            "ASSISTANT_QUOTA_URL": f"http://127.0.0.1:{options.ports['quota']}",
            "ASSISTANT_CATALOG_URL": f"http://127.0.0.1:{options.ports['catalog']}/graphql",
            "ASSISTANT_SEARCH_URL": f"http://127.0.0.1:{options.ports['search']}/graphql",
            **options.env,
        }
        group.env = env
        (workdir / "logs").mkdir(parents=True, exist_ok=True)
        if options.load_demo:
            print(load_demo_data(env, workdir / "logs"), flush=True)
        for name, factory in SERVICES.items():
            port = options.ports[name]
            group.start(name, uvicorn_command(factory, port))
        for name in SERVICES:
            wait_ready(group, name, f"http://127.0.0.1:{options.ports[name]}/readyz")
        subgraphs = {n: f"http://127.0.0.1:{options.ports[n]}/graphql" for n in SERVICES}
        group.start("gateway", gateway_command(options.ports["gateway"], subgraphs))
        wait_ready(group, "gateway", f"http://127.0.0.1:{options.ports['gateway']}/healthz")
        if options.load_demo and not wait_for_followers(
            infra.kafka_bootstrap_servers, env.get("KAFKA_TOPIC_PREFIX", "codeatlas")
        ):
            print(
                "warning: search and CasePilot are still catching up on the demo data", flush=True
            )
        yield RunningStack(run_id, workdir, infra, dict(options.ports), env, group)
