"""The outbox relay and the idempotent consumer against real PostgreSQL and a real broker."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Sequence

import asyncpg
import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from opentelemetry.sdk.trace import TracerProvider

from atlaskit.consumer import IdempotentConsumer
from atlaskit.db import create_pool, drop_database, prepare_database
from atlaskit.events import Envelope
from atlaskit.events.topics import CATALOG_CODES, CODE_CHANGED, TOPIC_CONFIGS
from atlaskit.kafka import create_consumer, create_producer, ensure_topics
from atlaskit.outbox import OutboxRelay, OutgoingEvent, add_to_outbox
from atlaskit.settings import AtlasSettings
from devstack.infra import Infrastructure
from devstack.testing import code_changed

pytestmark = pytest.mark.integration


@pytest.fixture
async def pool(infra: Infrastructure) -> AsyncIterator[asyncpg.Pool]:
    settings = AtlasSettings()
    dsn = settings.service_database_url(f"messaging_{uuid.uuid4().hex[:6]}")
    await prepare_database(dsn, [])
    connections = await create_pool(dsn)
    await connections.execute(
        "CREATE TABLE applications (event_id UUID NOT NULL);"
        "CREATE TABLE tally (n INT NOT NULL); INSERT INTO tally VALUES (0);"
    )
    try:
        yield connections
    finally:
        await connections.close()
        await drop_database(dsn)


async def _new_topic(settings: AtlasSettings) -> str:
    topic = settings.topic(f"test.{uuid.uuid4().hex[:8]}")
    await ensure_topics(settings, [topic], partitions=3)
    return topic


@contextlib.asynccontextmanager
async def _relayed(
    pool: asyncpg.Pool, settings: AtlasSettings, topic: str
) -> AsyncIterator[AIOKafkaConsumer]:
    """A relay publishing ``pool``'s outbox, and a reader of ``topic`` from its start."""
    producer = create_producer(settings)
    await producer.start()
    relay = asyncio.create_task(OutboxRelay(pool, producer, poll_interval=0.2).run())
    reader = AIOKafkaConsumer(
        topic,
        bootstrap_servers=settings.kafka_bootstrap_servers,
        auto_offset_reset="earliest",
        group_id=None,
    )
    await reader.start()
    try:
        yield reader
    finally:
        relay.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await relay
        await reader.stop()
        await producer.stop()


def _code_event(code: str) -> Envelope:
    return code_changed(code, code)


async def test_outbox_events_leave_only_on_commit_with_their_trace(
    pool: asyncpg.Pool,
) -> None:
    settings = AtlasSettings()
    topic = await _new_topic(settings)
    tracer = TracerProvider().get_tracer("test")
    with tracer.start_as_current_span("import") as span:
        trace_id = format(span.get_span_context().trace_id, "032x")
        async with pool.acquire() as conn, conn.transaction():
            await add_to_outbox(conn, [OutgoingEvent(topic, "HCPCS:K0001", _code_event("K0001"))])
        with contextlib.suppress(RuntimeError):
            async with pool.acquire() as conn, conn.transaction():
                await add_to_outbox(
                    conn, [OutgoingEvent(topic, "HCPCS:K0002", _code_event("K0002"))]
                )
                raise RuntimeError("the import failed half-way")
    async with _relayed(pool, settings, topic) as reader:
        record = await asyncio.wait_for(reader.getone(), 20)
        assert Envelope.from_json(record.value).subject == "HCPCS:K0001"
        headers = dict(record.headers)
        assert trace_id in headers["traceparent"].decode()
        more = await reader.getmany(timeout_ms=1500)
        assert sum(len(r) for r in more.values()) == 0, "the rolled-back event must not leave"
        unpublished = await pool.fetchval("SELECT count(*) FROM outbox WHERE published_at IS NULL")
        assert unpublished == 0


async def test_events_written_together_share_a_publish_and_keep_their_writers_trace(
    pool: asyncpg.Pool,
) -> None:
    """The relay groups rows by writer's trace: an import's batch is one publish span, and
    every event still carries the trace that wrote it (keys spread over partitions, so the
    order across keys is not compared)."""
    settings = AtlasSettings()
    topic = await _new_topic(settings)
    tracer = TracerProvider().get_tracer("test")
    written: list[tuple[str, str]] = []  # (key, trace id) in the order written
    for batch in (["K0001", "K0002", "K0003"], ["K0004"], ["K0005", "K0006"]):
        with tracer.start_as_current_span("write") as span:
            trace_id = format(span.get_span_context().trace_id, "032x")
            async with pool.acquire() as conn, conn.transaction():
                events = [OutgoingEvent(topic, f"HCPCS:{c}", _code_event(c)) for c in batch]
                await add_to_outbox(conn, events)
        written += [(f"HCPCS:{code}", trace_id) for code in batch]
    async with _relayed(pool, settings, topic) as reader:
        received = [await asyncio.wait_for(reader.getone(), 20) for _ in written]
        assert {
            record.key.decode(): dict(record.headers)["traceparent"].decode().split("-")[1]
            for record in received
        } == dict(written)


async def test_a_consumer_restarted_mid_stream_applies_every_event_exactly_once(
    pool: asyncpg.Pool,
) -> None:
    settings = AtlasSettings()
    topic = await _new_topic(settings)
    total = 300
    producer = create_producer(settings)
    await producer.start()
    try:
        for i in range(total):
            event = _code_event(f"E{i:04d}")
            await producer.send(topic, event.to_json(), key=event.subject.encode())
        await producer.flush()
    finally:
        await producer.stop()

    async def count(events: Sequence[Envelope], conn: asyncpg.Connection) -> None:
        # Not idempotent on purpose: only the consumer's dedupe keeps the tally right.
        for event in events:
            await conn.execute("INSERT INTO applications VALUES ($1)", event.id)
        await conn.execute("UPDATE tally SET n = n + $1", len(events))

    crashed = asyncio.Event()

    class CrashBeforeOffsetCommit(IdempotentConsumer):
        """Dies after its first batch's effects are stored, before their offset is committed."""

        async def _commit(self, partition: TopicPartition, offset: int) -> None:
            crashed.set()
            await asyncio.Event().wait()

    group = f"restart-{uuid.uuid4().hex[:6]}"
    first = CrashBeforeOffsetCommit(
        create_consumer(settings, [topic], group), pool, group, {CODE_CHANGED: count}
    )
    running = asyncio.create_task(first.run())
    await asyncio.wait_for(crashed.wait(), 60)
    running.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await running
    assert 0 < first.applied < total, "the crash came mid-stream"

    second = IdempotentConsumer(
        create_consumer(settings, [topic], group), pool, group, {CODE_CHANGED: count}
    )
    resumed = asyncio.create_task(second.run())
    try:
        for _ in range(600):
            if await pool.fetchval("SELECT n FROM tally") >= total:
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(1.0)
    finally:
        resumed.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await resumed

    assert await pool.fetchval("SELECT n FROM tally") == total
    assert await pool.fetchval("SELECT count(DISTINCT event_id) FROM applications") == total
    assert await pool.fetchval("SELECT count(*) FROM applications") == total
    assert second.skipped > 0, "the restart must have met events applied before the crash"


async def test_an_event_that_breaks_its_schema_is_set_aside_not_lost(pool: asyncpg.Pool) -> None:
    settings = AtlasSettings()
    topic = await _new_topic(settings)
    good, bad = _code_event("K0001"), _code_event("K0002")
    bad = Envelope(
        type=bad.type,
        source=bad.source,
        subject=bad.subject,
        schema_version=bad.schema_version,
        data={**bad.data, "system": "NOT-A-SYSTEM"},
    )
    producer = create_producer(settings)
    await producer.start()
    try:
        for event in (bad, good):
            await producer.send_and_wait(topic, event.to_json(), key=b"same-partition")
    finally:
        await producer.stop()

    async def apply(events: Sequence[Envelope], conn: asyncpg.Connection) -> None:
        for event in events:
            await conn.execute("INSERT INTO applications VALUES ($1)", event.id)

    group = f"poison-{uuid.uuid4().hex[:6]}"
    consumer = IdempotentConsumer(
        create_consumer(settings, [topic], group), pool, group, {CODE_CHANGED: apply}
    )
    running = asyncio.create_task(consumer.run())
    try:
        for _ in range(300):
            if consumer.applied == 1:
                break
            await asyncio.sleep(0.1)
    finally:
        running.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await running
    assert await pool.fetchval("SELECT event_id FROM applications") == uuid.UUID(good.id)
    aside = await pool.fetchrow("SELECT event_id, error FROM dead_letter_events")
    assert aside["event_id"] == bad.id
    assert "system" in aside["error"] and "NOT-A-SYSTEM" in aside["error"]


async def test_the_code_topic_is_created_compacted_so_it_can_be_replayed() -> None:
    settings = AtlasSettings()
    topic = f"{settings.kafka_topic_prefix}.compacted-{uuid.uuid4().hex[:8]}"
    await ensure_topics(settings, [topic], configs={topic: {"cleanup.policy": "compact"}})
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap_servers)
    await admin.start()
    try:
        [described] = await admin.describe_configs(
            [ConfigResource(ConfigResourceType.TOPIC, topic)]
        )
    finally:
        await admin.close()
    [resource] = described.resources
    entries = {entry[0]: entry[1] for entry in resource[4]}
    assert entries["cleanup.policy"] == "compact"
    assert TOPIC_CONFIGS[CATALOG_CODES] == {"cleanup.policy": "compact"}
