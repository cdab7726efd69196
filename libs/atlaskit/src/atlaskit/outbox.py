"""Transactional outbox: events are stored with the state change, then relayed to Kafka."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass

import asyncpg
from aiokafka import AIOKafkaProducer
from opentelemetry import trace

from atlaskit.events import Envelope, validate_event
from atlaskit.metrics import EVENTS_PUBLISHED
from atlaskit.tracing import (
    context_from_carrier,
    current_carrier,
    kafka_headers_from_current_context,
)

log = logging.getLogger(__name__)
tracer = trace.get_tracer("atlaskit.outbox")

NOTIFY_CHANNEL = "atlaskit_outbox"


@dataclass(frozen=True)
class OutgoingEvent:
    topic: str
    key: str
    event: Envelope


async def add_to_outbox(conn: asyncpg.Connection, events: Sequence[OutgoingEvent]) -> None:
    """Store events in the caller's transaction; they leave only if it commits."""
    if not events:
        return
    carrier = json.dumps(current_carrier())
    rows = []
    for outgoing in events:
        validate_event(outgoing.event)
        rows.append(
            (
                outgoing.event.id,
                outgoing.topic,
                outgoing.key,
                json.dumps(outgoing.event.to_dict()),
                carrier,
            )
        )
    await conn.copy_records_to_table(
        "outbox",
        records=rows,
        columns=["event_id", "topic", "key", "envelope", "trace_carrier"],
    )
    await conn.execute("SELECT pg_notify($1, '')", NOTIFY_CHANNEL)


class OutboxRelay:
    """Publishes unpublished outbox rows in order, then marks them published."""

    def __init__(
        self,
        pool: asyncpg.Pool,
        producer: AIOKafkaProducer,
        *,
        batch_size: int = 500,
        poll_interval: float = 1.0,
    ) -> None:
        self._pool = pool
        self._producer = producer
        self._batch_size = batch_size
        self._poll_interval = poll_interval
        self._wake = asyncio.Event()

    async def run(self) -> None:
        listener = await self._pool.acquire()
        try:
            # Inside the try: a stop during LISTEN must still give the connection back.
            await listener.add_listener(NOTIFY_CHANNEL, self._on_notify)
            while True:
                try:
                    published = await self.publish_batch()
                except (TimeoutError, OSError, asyncpg.PostgresError) as exc:
                    log.warning("outbox relay could not publish, will retry: %s", exc)
                    published = 0
                if published < self._batch_size:
                    with contextlib.suppress(asyncio.TimeoutError):
                        await asyncio.wait_for(self._wake.wait(), self._poll_interval)
                    self._wake.clear()
        finally:
            with contextlib.suppress(Exception):
                await listener.remove_listener(NOTIFY_CHANNEL, self._on_notify)
            await self._pool.release(listener)

    def _on_notify(self, *_: object) -> None:
        self._wake.set()

    async def publish_batch(self) -> int:
        async with self._pool.acquire() as conn, conn.transaction():
            rows = await conn.fetch(
                "SELECT seq, topic, key, envelope, trace_carrier FROM outbox"
                " WHERE published_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED",
                self._batch_size,
            )
            if not rows:
                return 0
            deliveries = [
                delivery
                for group in _same_trace_and_topic(rows)
                for delivery in await self._send(group)
            ]
            await asyncio.gather(*deliveries)
            for row in rows:
                EVENTS_PUBLISHED.labels(row["topic"]).inc()
            await conn.execute(
                "UPDATE outbox SET published_at = now() WHERE seq = ANY($1::bigint[])",
                [row["seq"] for row in rows],
            )
            return len(rows)

    async def _send(self, rows: list[asyncpg.Record]) -> list[asyncio.Future[object]]:
        """One publish span for events written together (an import's batch, or one
        revision), so every event still continues its writer's trace."""
        first = rows[0]
        parent = context_from_carrier(json.loads(first["trace_carrier"]))
        attributes: dict[str, str | int] = {
            "messaging.system": "kafka",
            "messaging.destination.name": first["topic"],
            "messaging.batch.message_count": len(rows),
        }
        if len(rows) == 1:
            attributes["messaging.kafka.message.key"] = first["key"]
        with tracer.start_as_current_span(
            f"{first['topic']} publish",
            context=parent,
            kind=trace.SpanKind.PRODUCER,
            attributes=attributes,
        ):
            headers = kafka_headers_from_current_context()
            return [
                await self._producer.send(
                    row["topic"],
                    value=row["envelope"].encode(),
                    key=row["key"].encode(),
                    headers=headers,
                )
                for row in rows
            ]


def _same_trace_and_topic(rows: Sequence[asyncpg.Record]) -> list[list[asyncpg.Record]]:
    """Consecutive rows grouped while their topic and writer's trace context stay the same."""
    groups: list[list[asyncpg.Record]] = []
    for row in rows:
        previous = groups[-1][0] if groups else None
        if (
            previous is not None
            and previous["topic"] == row["topic"]
            and previous["trace_carrier"] == row["trace_carrier"]
        ):
            groups[-1].append(row)
        else:
            groups.append([row])
    return groups
