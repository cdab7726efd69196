"""Gating benchmark: what the meter costs a code page, through the gateway.

    uv run python bench/gating_bench.py [--requests 1000] [--concurrency 16] [--warmup 150]

Starts the whole stack (embedded infrastructure unless DATABASE_URL, REDIS_URL and
KAFKA_BOOTSTRAP_SERVERS are given), signs in a pro account, then measures in the same run,
with the same closed-loop concurrency:

- baseline: a code page of public fields only (code, titles, status), which the catalog
  serves without asking the quota service;
- gated: the same page with its gated HCPCS section, which costs one batched decision of the
  quota service (the page is already viewed after the first request, as a coder reopening
  pages would be: a Redis Lua call, no ledger write);
- the same for one operation of 20 pages (20 aliases): one batched decision for 20 codes.

Ratios are gated / public: requests per second and p99 latency.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import asyncpg

from catalog.settings import CatalogSettings
from devstack.clients import Accounts, GatewayClient
from devstack.stack import throwaway_stack

sys.path.insert(0, str(Path(__file__).parent))
from loadgen import Load, Result, load_arguments, load_of, measure, ratio_table

PUBLIC = "code title shortTitle status"
GATED = f"{PUBLIC} hcpcs {{ coverage betos actionCode }}"


def _page(fields: str) -> str:
    return f'{{ code(system: HCPCS, code: "K0001") {{ {fields} }} }}'


def _pages(fields: str, codes: list[str]) -> str:
    aliases = " ".join(
        f'p{i}: code(system: HCPCS, code: "{code}") {{ {fields} }}' for i, code in enumerate(codes)
    )
    return f"{{ {aliases} }}"


def _twenty_codes(dsn: str) -> list[str]:
    async def fetch() -> list[str]:
        connection = await asyncpg.connect(dsn)
        try:
            rows = await connection.fetch(
                "SELECT code FROM codes WHERE system = 'HCPCS' AND code LIKE 'K%'"
                " ORDER BY code LIMIT 20"
            )
        finally:
            await connection.close()
        return [row["code"] for row in rows]

    return asyncio.run(fetch())


def main() -> int:
    load = load_of(load_arguments(__doc__, Load(1000, 16, 150)).parse_args())
    with throwaway_stack() as stack:
        gateway = GatewayClient(stack.gateway_url)
        pro = Accounts(gateway, stack.service_url("identity")).on_plan("pro")
        codes = _twenty_codes(CatalogSettings(database_url=stack.infra.database_url).dsn)
        pairs: list[tuple[Result, Result]] = []
        for label, public, gated in (
            ("1 page", _page(PUBLIC), _page(GATED)),
            ("20 pages, one operation", _pages(PUBLIC, codes), _pages(GATED, codes)),
        ):
            rows = [
                measure(
                    f"{kind}: {label}",
                    [(stack.gateway_url, {"query": query})],
                    load.requests,
                    load.concurrency,
                    load.warmup,
                    pro.bearer,
                )
                for kind, query in (("public", public), ("gated", gated))
            ]
            pairs.append((rows[1], rows[0]))
    print(
        f"\nCode pages through the gateway as a pro account ({load.concurrency} concurrent,"
        f" {load.requests} requests each after {load.warmup} warm-up; ratios = gated / public)"
    )
    print(ratio_table(pairs, lambda result: result.name))
    return 1 if any(result.errors for pair in pairs for result in pair) else 0


if __name__ == "__main__":
    raise SystemExit(main())
