"""``python -m gateway --subgraph catalog=http://127.0.0.1:4001/graphql ...``"""

from __future__ import annotations

import argparse
import asyncio
import sys

import uvicorn

from gateway.composition.compose import CompositionError
from gateway.http.app import create_app
from gateway.settings import GatewaySettings
from gateway.supergraph_loader import SubgraphUnreachable, load_supergraph


def _subgraph(raw: str) -> tuple[str, str]:
    name, _, url = raw.partition("=")
    if not name or not url.startswith("http"):
        raise argparse.ArgumentTypeError(f"expected NAME=http://host:port/graphql, got {raw!r}")
    return name, url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="codeatlas-gateway", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4000)
    parser.add_argument(
        "--subgraph",
        action="append",
        type=_subgraph,
        default=[],
        help="NAME=URL of a subgraph; repeat for each (or GATEWAY_SUBGRAPHS)",
    )
    args = parser.parse_args(argv)
    settings = GatewaySettings()
    if args.subgraph:
        settings.subgraphs = dict(args.subgraph)
    try:
        supergraph = asyncio.run(
            load_supergraph(settings.subgraphs, settings.startup_timeout_seconds)
        )
    except (CompositionError, SubgraphUnreachable) as exc:
        print(f"gateway: {exc}", file=sys.stderr)
        return 1
    uvicorn.run(
        create_app(settings, supergraph),
        host=args.host,
        port=args.port,
        log_level="warning",
        access_log=False,
    )
    return 0
