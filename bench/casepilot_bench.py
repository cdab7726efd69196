"""CasePilot benchmark: what answering costs over reading the same facts, through the gateway.

    uv run python bench/casepilot_bench.py [--requests 600] [--concurrency 8] [--warmup 60]

Starts the whole stack (embedded infrastructure unless DATABASE_URL, REDIS_URL and
KAFKA_BOOTSTRAP_SERVERS are given), signs in a pro account (unlimited questions), then
measures in the same run, with the same closed-loop concurrency, each deterministic answer
against the plain GraphQL read of the facts it rests on (the baseline):

- a HCPCS code: ``ask("What is HCPCS K0001?")`` vs ``code(HCPCS K0001) { title }``;
- a CPT code page: ``ask("What is CPT code 99213?")`` vs the page's plain language and
  official descriptor;
- an NCCI pair: ``ask("Can 95870 and 95886 be billed together?")`` vs ``ncciCheck``.

An answer costs more than the read: the question is metered by the quota service (Redis and
a ledger row), the turn is stored in a thread, and every code in the answer is checked
against the catalog. Then the stream: ``askStream`` over server-sent events, time to the first
chunk (a progress step) and to the answer, against the non-streamed ``ask`` of the same
question, one stream per client at the same concurrency.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

import httpx

from atlaskit.sse import EVENT_STREAM, NEXT, read_events
from devstack.clients import Accounts, GatewayClient
from devstack.stack import throwaway_stack

sys.path.insert(0, str(Path(__file__).parent))
from loadgen import Load, Result, load_arguments, load_of, measure, ratio_table

ASK = "mutation Ask($q: String!) { ask(question: $q) { text citations { code } } }"
STREAM = "subscription Ask($q: String!) { askStream(question: $q) { step answer { text } } }"
SCENARIOS = (
    (
        "HCPCS code",
        "What is HCPCS K0001?",
        '{ code(system: HCPCS, code: "K0001") { code title status release { id } } }',
    ),
    (
        "CPT code page",
        "What is CPT code 99213?",
        '{ code(system: CPT, code: "99213") { title plainLanguage { title description }'
        " officialDescriptor { text licensed notice } } }",
    ),
    (
        "NCCI pair",
        "Can 95870 and 95886 be billed together?",
        '{ ncciCheck(codes: ["95870", "95886"], dateOfService: "2024-09-01") {'
        " pairs { codes edits { column1 column2 modifierIndicator } } } }",
    ),
)


async def _streams(
    url: str, headers: dict[str, str], question: str, total: int, concurrency: int
) -> tuple[list[float], list[float], int]:
    """Seconds to the first chunk and to the answer of ``total`` streams, and the errors."""
    first: list[float] = []
    whole: list[float] = []
    errors = 0
    issued = 0
    body = {"query": STREAM, "variables": {"q": question}}
    stream_headers = {**headers, "accept": EVENT_STREAM}
    async with httpx.AsyncClient(timeout=30) as client:

        async def worker() -> None:
            nonlocal issued, errors
            while issued < total:
                issued += 1
                started = time.perf_counter()
                chunks, answered = 0, False
                async with client.stream("POST", url, json=body, headers=stream_headers) as reply:
                    async for event in read_events(reply.aiter_lines()):
                        if event.event != NEXT:
                            continue
                        if chunks == 0:
                            first.append(time.perf_counter() - started)
                        chunks += 1
                        if '"answer":{' in event.data:
                            whole.append(time.perf_counter() - started)
                            answered = True
                if chunks < 2 or not answered:
                    errors += 1

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return first, whole, errors


def _percentiles(name: str, seconds: list[float], errors: int, took: float) -> Result:
    cuts = statistics.quantiles(seconds, n=100)
    return Result(name, len(seconds), errors, took, cuts[49] * 1000, cuts[98] * 1000)


def main() -> int:
    load = load_of(load_arguments(__doc__, Load(600, 8, 60)).parse_args())
    with throwaway_stack() as stack:
        gateway = GatewayClient(stack.gateway_url)
        pro = Accounts(gateway, stack.service_url("identity")).on_plan("pro").bearer
        pairs: list[tuple[Result, Result]] = []
        for label, question, read in SCENARIOS:
            rows = [
                measure(
                    f"{kind}: {label}",
                    [(stack.gateway_url, body)],
                    load.requests,
                    load.concurrency,
                    load.warmup,
                    pro,
                )
                for kind, body in (
                    ("read", {"query": read}),
                    ("ask", {"query": ASK, "variables": {"q": question}}),
                )
            ]
            pairs.append((rows[1], rows[0]))
        question = SCENARIOS[2][1]
        asked = measure(
            "ask (whole answer)",
            [(stack.gateway_url, {"query": ASK, "variables": {"q": question}})],
            load.requests // 2,
            load.concurrency,
            load.warmup,
            pro,
        )
        asyncio.run(_streams(stack.gateway_url, pro, question, load.warmup, load.concurrency))
        began = time.perf_counter()
        first, whole, errors = asyncio.run(
            _streams(stack.gateway_url, pro, question, load.requests // 2, load.concurrency)
        )
        took = time.perf_counter() - began
    streamed = [
        (_percentiles("askStream: first chunk", first, errors, took), asked),
        (_percentiles("askStream: answer event", whole, errors, took), asked),
    ]
    print(
        f"\nCasePilot through the gateway as a pro account ({load.concurrency} concurrent,"
        f" {load.requests} requests each after {load.warmup} warm-up; ratios = ask / read)"
    )
    print(ratio_table(pairs, lambda result: result.name))
    print(f"\nStreaming the NCCI answer ({load.requests // 2} streams; ratios = stream / ask)")
    print(ratio_table(streamed, lambda result: result.name))
    every = [r for pair in pairs + streamed for r in pair]
    return 1 if any(result.errors for result in every) else 0


if __name__ == "__main__":
    raise SystemExit(main())
