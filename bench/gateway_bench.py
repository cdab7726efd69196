"""Gateway benchmark: the same queries through the gateway and straight to the subgraphs.

    make bench        (or: uv run python bench/gateway_bench.py)

Starts the whole stack (embedded infrastructure unless DATABASE_URL, REDIS_URL and
KAFKA_BOOTSTRAP_SERVERS are given), waits for the search index, then measures:

- one subgraph:  code(system: HCPCS, code: "K0001") through the gateway vs. to the catalog;
- two subgraphs: search(...) with titles from the catalog through the gateway vs. the two
  calls a client would make itself (search, then one catalog _entities call).

Ratios (gateway / direct) are what to read: rps ratio < 1 is the gateway's cost.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import httpx

from devstack.stack import RunningStack, throwaway_stack

sys.path.insert(0, str(Path(__file__).parent))
from loadgen import Result, measure, ratio_table

CODE_QUERY = '{ code(system: HCPCS, code: "K0001") { code title status } }'
SEARCH_QUERY = '{ search(query: "wheelchair", first: 10) { edges { node { code title } } } }'
SEARCH_KEYS = '{ search(query: "wheelchair", first: 10) { edges { node { system code } } } }'
ENTITIES = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Code { code title } } }"


def _wait_for_index(stack: RunningStack) -> list[dict[str, str]]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        body = httpx.post(
            stack.service_url("search") + "/graphql", json={"query": SEARCH_KEYS}, timeout=10
        ).json()
        nodes = [e["node"] for e in body["data"]["search"]["edges"]]
        if len(nodes) == 10:
            return nodes
        time.sleep(1)
    raise SystemExit("the search index did not fill in time")


def main() -> int:
    with throwaway_stack() as stack:
        keys = _wait_for_index(stack)
        representations = [{"__typename": "Code", **k} for k in keys]
        gateway = stack.gateway_url
        catalog = stack.service_url("catalog") + "/graphql"
        search = stack.service_url("search") + "/graphql"
        pairs: list[tuple[Result, Result]] = [
            (
                measure("gateway: code (1 subgraph)", [(gateway, {"query": CODE_QUERY})]),
                measure("direct: catalog code", [(catalog, {"query": CODE_QUERY})]),
            ),
            (
                measure(
                    "gateway: search + titles (2 subgraphs)",
                    [(gateway, {"query": SEARCH_QUERY})],
                ),
                measure(
                    "direct: search, then catalog _entities",
                    [
                        (search, {"query": SEARCH_KEYS}),
                        (catalog, {"query": ENTITIES, "variables": {"r": representations}}),
                    ],
                ),
            ),
        ]
    print(
        "\nGateway benchmark (16 concurrent clients, 1500 requests each; ratios = gateway/direct)"
    )
    print(ratio_table(pairs, lambda r: r.name))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
