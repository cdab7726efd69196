"""Idempotent consumer loop: apply each event once, store the effect, then commit the offset."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping

import asyncpg
from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.structs import OffsetAndMetadata
from opentelemetry import trace

from atlaskit.events import Envelope, validate_event
from atlaskit.metrics import EVENTS_CONSUMED
from atlaskit.tracing import context_from_kafka_headers

log = logging.getLogger(__name__)
tracer = trace.get_tracer("atlaskit.consumer")

EventHandler = Callable[[Envelope, asyncpg.Connection], Awaitable[None]]


class IdempotentConsumer:
    """Runs handlers by event type inside one PostgreSQL transaction per event.

    Every event is checked against the schema of its type first; one that does not match,
    or whose handler fails, is set aside in ``dead_letter_events`` with the error.

    The event id is recorded in ``processed_events`` in that same transaction, so a
    redelivered event (after a crash between the effect and the offset commit) is skipped.
    """

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
                batches = await self._consumer.getmany(timeout_ms=500)
                for partition, records in batches.items():
                    for record in records:
                        await self._process(record)
                    await self._commit(partition, records[-1].offset + 1)
        finally:
            await self._consumer.stop()

    async def _commit(self, partition: TopicPartition, offset: int) -> None:
        await self._consumer.commit({partition: OffsetAndMetadata(offset, "")})

    async def _process(self, record: ConsumerRecord[bytes, bytes]) -> None:
        parent = context_from_kafka_headers(record.headers)
        with tracer.start_as_current_span(
            f"{record.topic} process",
            context=parent,
            kind=trace.SpanKind.CONSUMER,
            attributes={
                "messaging.system": "kafka",
                "messaging.destination.name": record.topic,
                "messaging.consumer.group.name": self._group,
                "messaging.kafka.message.offset": record.offset,
            },
        ) as span:
            try:
                event = Envelope.from_json(record.value or b"")
            except (ValueError, KeyError, TypeError) as exc:
                await self._dead_letter(record, "?", f"unreadable envelope: {exc}", span)
                return
            span.set_attribute("codeatlas.event.type", event.type)
            span.set_attribute("codeatlas.event.id", event.id)
            handler = self._handlers.get(event.type)
            if handler is None:
                return
            try:
                validate_event(event)
                await self._apply_once(event, handler, span)
            except Exception as exc:  # a poison event must neither stop nor block the stream
                await self._dead_letter(record, event.id, f"{type(exc).__name__}: {exc}", span)

    async def _dead_letter(
        self, record: ConsumerRecord[bytes, bytes], event_id: str, error: str, span: trace.Span
    ) -> None:
        log.error("event %s at %s@%s set aside: %s", event_id, record.topic, record.offset, error)
        span.set_status(trace.StatusCode.ERROR, error)
        self.dead_lettered += 1
        EVENTS_CONSUMED.labels(self._group, "dead_lettered").inc()
        await self._pool.execute(
            "INSERT INTO dead_letter_events (consumer_group, event_id, topic, partition,"
            ' "offset", payload, error) VALUES ($1, $2, $3, $4, $5, $6, $7)'
            " ON CONFLICT DO NOTHING",
            self._group,
            event_id,
            record.topic,
            record.partition,
            record.offset,
            record.value or b"",
            error,
        )

    async def _apply_once(self, event: Envelope, handler: EventHandler, span: trace.Span) -> None:
        while True:
            try:
                async with self._pool.acquire() as conn, conn.transaction():
                    first_time = await conn.fetchval(
                        "INSERT INTO processed_events (consumer_group, event_id) VALUES ($1, $2)"
                        " ON CONFLICT DO NOTHING RETURNING true",
                        self._group,
                        event.id,
                    )
                    if not first_time:
                        self.skipped += 1
                        EVENTS_CONSUMED.labels(self._group, "duplicate").inc()
                        span.set_attribute("codeatlas.event.duplicate", True)
                        return
                    await handler(event, conn)
                self.applied += 1
                EVENTS_CONSUMED.labels(self._group, "applied").inc()
                return
            except (OSError, asyncpg.PostgresConnectionError) as exc:
                log.warning("database unavailable while applying %s, retrying: %s", event.id, exc)
                await asyncio.sleep(1.0)
