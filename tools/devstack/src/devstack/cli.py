"""``codeatlas-stack run``: the whole stack in the foreground until Ctrl-C or SIGTERM."""

from __future__ import annotations

import argparse
import logging
import signal
import tempfile
import time
from pathlib import Path
from types import FrameType

from devstack.infra import remove_workdir
from devstack.stack import RunningStack, StackOptions, running_stack


class _Stop(Exception):
    pass


def _raise_stop(signum: int, _frame: FrameType | None) -> None:
    # A second Ctrl-C must not interrupt the orderly stop the first one began.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise _Stop(signal.Signals(signum).name)


def _print_banner(stack: RunningStack) -> None:
    infra = stack.infra
    embedded = ", ".join(infra.started) or "none"
    print(
        "\nCodeAtlas is running.\n"
        f"  GraphQL + GraphiQL  {stack.gateway_url}\n"
        + "".join(
            f"  {name:<18}  {stack.service_url(name)}/graphql\n"
            for name in ("catalog", "search", "quota", "assistant", "identity")
        )
        + f"  PostgreSQL          {infra.database_url}\n"
        f"  Redis               {infra.redis_url}\n"
        f"  Kafka               {infra.kafka_bootstrap_servers}\n"
        f"  started embedded    {embedded}\n"
        f"  logs and spans      {stack.workdir}\n"
        "Press Ctrl-C to stop.",
        flush=True,
    )


def _watch(stack: RunningStack) -> None:
    while True:
        for process in stack.group.started:
            if process.process.poll() is not None:
                raise RuntimeError(f"{process.name} stopped unexpectedly:\n{process.tail()}")
        time.sleep(0.5)


def run(options: StackOptions) -> int:
    signal.signal(signal.SIGTERM, _raise_stop)
    signal.signal(signal.SIGINT, _raise_stop)
    workdir = Path(tempfile.mkdtemp(prefix="codeatlas-run-"))
    try:
        with running_stack(workdir, options) as stack:
            _print_banner(stack)
            _watch(stack)
    except _Stop as stop:
        print(f"\n{stop}: stopping CodeAtlas...", flush=True)
    except RuntimeError as exc:
        print(f"error: {exc}", flush=True)
        return 1
    finally:
        remove_workdir(workdir)
    print("stopped; nothing left running.", flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="codeatlas-stack")
    commands = parser.add_subparsers(dest="command", required=True)
    run_cmd = commands.add_parser("run", help="run the whole stack until Ctrl-C")
    run_cmd.add_argument(
        "--free-ports", action="store_true", help="pick free ports instead of 4000-4005"
    )
    run_cmd.add_argument("--no-demo", action="store_true", help="skip loading the demo data")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    options = StackOptions.on_free_ports() if args.free_ports else StackOptions()
    options.load_demo = not args.no_demo
    return run(options)


if __name__ == "__main__":
    raise SystemExit(main())
