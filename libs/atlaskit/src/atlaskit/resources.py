"""The resources a service holds for its life: database pool, producer, relay, consumers."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import asyncpg
from aiokafka import AIOKafkaClient, AIOKafkaProducer

from atlaskit.consumer import EventHandler, IdempotentConsumer
from atlaskit.db import MigrationSource, create_pool, prepare_database
from atlaskit.events.topics import ALL_TOPICS, TOPIC_CONFIGS
from atlaskit.kafka import create_consumer, create_producer, ensure_topics
from atlaskit.outbox import OutboxRelay
from atlaskit.runtime import BackgroundTasks
from atlaskit.settings import AtlasSettings

log = logging.getLogger(__name__)

SHUTDOWN_STEP_SECONDS = 10.0


@dataclass(frozen=True)
class Subscription:
    """A consumer group reading topics (names before the prefix) with handlers by event type."""

    group: str
    topics: tuple[str, ...]
    handlers: Mapping[str, EventHandler]


@dataclass
class ServiceResources:
    settings: AtlasSettings
    pool: asyncpg.Pool
    producer: AIOKafkaProducer | None
    consumers: list[IdempotentConsumer] = field(default_factory=list)
    tasks: BackgroundTasks = field(default_factory=BackgroundTasks)
    extras: dict[str, Any] = field(default_factory=dict)

    async def check_database(self) -> None:
        await self.pool.fetchval("SELECT 1")

    broker: AIOKafkaClient | None = None

    async def check_broker(self) -> None:
        if self.broker is not None:
            await self.broker.fetch_all_metadata()

    async def check_background(self) -> None:
        """The relay and every consumer are still running."""
        stopped = self.tasks.stopped()
        if stopped:
            raise RuntimeError(f"stopped: {', '.join(stopped)}")


@asynccontextmanager
async def service_resources(
    settings: AtlasSettings,
    dsn: str,
    migrations: list[MigrationSource],
    *,
    publishes: bool = False,
    subscriptions: tuple[Subscription, ...] = (),
) -> AsyncIterator[ServiceResources]:
    await prepare_database(dsn, migrations)
    pool = await create_pool(dsn)
    tasks = BackgroundTasks()
    producer: AIOKafkaProducer | None = None
    broker = AIOKafkaClient(bootstrap_servers=settings.kafka_bootstrap_servers)
    try:
        await broker.bootstrap()
        await ensure_topics(
            settings,
            [settings.topic(t) for t in ALL_TOPICS],
            configs={settings.topic(t): config for t, config in TOPIC_CONFIGS.items()},
        )
        if publishes:
            producer = create_producer(settings)
            await producer.start()
            tasks.start("outbox-relay", OutboxRelay(pool, producer).run())
        resources = ServiceResources(settings, pool, producer, tasks=tasks, broker=broker)
        for subscription in subscriptions:
            consumer = IdempotentConsumer(
                create_consumer(
                    settings,
                    [settings.topic(t) for t in subscription.topics],
                    f"{settings.kafka_topic_prefix}.{subscription.group}",
                ),
                pool,
                subscription.group,
                subscription.handlers,
            )
            resources.consumers.append(consumer)
            tasks.start(f"consumer-{subscription.group}", consumer.run())
        yield resources
    finally:
        await stop_within(tasks.stop(), "stopping the background tasks")
        if producer is not None:
            # stop() flushes what is still queued and waits for the broker without a limit.
            await stop_within(producer.stop(), "flushing the producer")
        await stop_within(broker.close(), "closing the broker client")
        # close() waits for every connection to come back; terminate() does not.
        if not await stop_within(pool.close(), "closing the database pool"):
            pool.terminate()


async def stop_within(step: Awaitable[None], what: str) -> bool:
    """Runs one shutdown step for at most ``SHUTDOWN_STEP_SECONDS``: a stop never hangs."""
    try:
        await asyncio.wait_for(step, SHUTDOWN_STEP_SECONDS)
    except TimeoutError:
        log.warning("%s took more than %ss; going on without it", what, SHUTDOWN_STEP_SECONDS)
        return False
    return True
