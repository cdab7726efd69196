"""Idempotent consumer loop: apply each event once, store the effect, then commit the offset.

Records are applied a partition batch at a time, in one PostgreSQL transaction that also
records their event ids in ``processed_events``; the Kafka offset is committed only after
that transaction. A redelivered event (a crash between the two) is recognised and skipped.
Every event is checked against the schema of its type; one that does not match, or whose
handler fails, is set aside in ``dead_letter_events`` with the error, and the rest of its
batch is applied.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import groupby
from typing import TypeAlias

import asyncpg
from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.structs import OffsetAndMetadata
from opentelemetry import trace

from atlaskit.events import Envelope, EventSchemaError, validate_event
from atlaskit.metrics import EVENTS_CONSUMED
from atlaskit.tracing import context_from_kafka_headers

log = logging.getLogger(__name__)
tracer = trace.get_tracer("atlaskit.consumer")

Record: TypeAlias = ConsumerRecord[bytes, bytes]
EventHandler = Callable[[Sequence[Envelope], asyncpg.Connection], Awaitable[None]]
"""Applies consecutive events of one type, in order, inside the caller's transaction."""

_MAX_LINKS = 128


@dataclass(frozen=True)
class _Delivery:
    record: Record
    event: Envelope | None
    problem: str | None


class IdempotentConsumer:
    def __init__(
        self,
        consumer: AIOKafkaConsumer,
        pool: asyncpg.Pool,
        group: str,
        handlers: Mapping[str, EventHandler],
    ) -> None:
        self._consumer = consumer
        self._pool = pool
        self._group = group
        self._handlers = dict(handlers)
        self.applied = 0
        self.skipped = 0
        self.dead_lettered = 0

    async def run(self) -> None:
        await self._consumer.start()
        try:
            while True:
                batches = await self._consumer.getmany(timeout_ms=500, max_records=500)
                for partition, records in batches.items():
                    await self._process(partition, records)
                    await self._commit(partition, records[-1].offset + 1)
        finally:
            await self._consumer.stop()

    async def _commit(self, partition: TopicPartition, offset: int) -> None:
        await self._consumer.commit({partition: OffsetAndMetadata(offset, "")})

    async def _process(self, partition: TopicPartition, records: list[Record]) -> None:
        deliveries = [self._read(record) for record in records]
        with self._span(partition, records):
            while True:
                try:
                    await self._apply(deliveries)
                    return
                except (OSError, asyncpg.PostgresConnectionError) as exc:
                    log.warning("database unavailable while applying a batch, retrying: %s", exc)
                    await asyncio.sleep(1.0)
                except Exception:  # one event spoiled the batch: apply them one at a time
                    await self._apply_one_by_one(deliveries)
                    return

    @contextmanager
    def _span(self, partition: TopicPartition, records: list[Record]) -> Iterator[None]:
        """One span per batch: the child of a lone record's trace, else linked to each."""
        contexts = [
            trace.get_current_span(context_from_kafka_headers(r.headers)).get_span_context()
            for r in records
        ]
        parent = context_from_kafka_headers(records[0].headers) if len(records) == 1 else None
        links = [] if parent else [trace.Link(c) for c in contexts[:_MAX_LINKS] if c.is_valid]
        with tracer.start_as_current_span(
            f"{partition.topic} process",
            context=parent,
            kind=trace.SpanKind.CONSUMER,
            links=links,
            attributes={
                "messaging.system": "kafka",
                "messaging.destination.name": partition.topic,
                "messaging.consumer.group.name": self._group,
                "messaging.batch.message_count": len(records),
                "messaging.kafka.message.offset": records[0].offset,
            },
        ):
            yield

    @staticmethod
    def _read(record: Record) -> _Delivery:
        try:
            event = Envelope.from_json(record.value or b"")
        except (ValueError, KeyError, TypeError) as exc:
            return _Delivery(record, None, f"unreadable envelope: {exc}")
        try:
            validate_event(event)
        except EventSchemaError as exc:
            return _Delivery(record, event, str(exc))
        return _Delivery(record, event, None)

    async def _apply(self, deliveries: Sequence[_Delivery]) -> None:
        async with self._pool.acquire() as conn, conn.transaction():
            for bad in (d for d in deliveries if d.problem is not None):
                await self._dead_letter(conn, bad, bad.problem or "")
            wanted = [
                d.event
                for d in deliveries
                if d.problem is None and d.event is not None and d.event.type in self._handlers
            ]
            fresh = await self._first_deliveries(conn, wanted)
            for event_type, run in groupby(fresh, key=lambda e: e.type):
                await self._handlers[event_type](list(run), conn)
        self.applied += len(fresh)
        self.skipped += len(wanted) - len(fresh)
        EVENTS_CONSUMED.labels(self._group, "applied").inc(len(fresh))
        EVENTS_CONSUMED.labels(self._group, "duplicate").inc(len(wanted) - len(fresh))

    async def _first_deliveries(
        self, conn: asyncpg.Connection, events: list[Envelope]
    ) -> list[Envelope]:
        """The events not applied before, recorded as applied now (in the caller's transaction)."""
        if not events:
            return []
        claimed = await conn.fetch(
            "INSERT INTO processed_events (consumer_group, event_id)"
            " SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING RETURNING event_id",
            self._group,
            [e.id for e in events],
        )
        new = {str(row["event_id"]) for row in claimed}
        fresh = []
        for event in events:
            if event.id in new:
                new.remove(event.id)  # an event twice in one batch is applied once
                fresh.append(event)
        return fresh

    async def _apply_one_by_one(self, deliveries: Sequence[_Delivery]) -> None:
        for delivery in deliveries:
            try:
                await self._apply([delivery])
            except (OSError, asyncpg.PostgresConnectionError):
                raise
            except Exception as exc:
                problem = f"{type(exc).__name__}: {exc}"
                async with self._pool.acquire() as conn:
                    await self._dead_letter(conn, delivery, problem)

    async def _dead_letter(
        self, conn: asyncpg.Connection, delivery: _Delivery, problem: str
    ) -> None:
        record = delivery.record
        event_id = delivery.event.id if delivery.event else "?"
        log.error("event %s at %s@%s set aside: %s", event_id, record.topic, record.offset, problem)
        trace.get_current_span().set_status(trace.StatusCode.ERROR, problem)
        self.dead_lettered += 1
        EVENTS_CONSUMED.labels(self._group, "dead_lettered").inc()
        await conn.execute(
            "INSERT INTO dead_letter_events (consumer_group, event_id, topic, partition,"
            ' "offset", payload, error) VALUES ($1, $2, $3, $4, $5, $6, $7)'
            " ON CONFLICT DO NOTHING",
            self._group,
            event_id,
            record.topic,
            record.partition,
            record.offset,
            record.value or b"",
            problem,
        )
