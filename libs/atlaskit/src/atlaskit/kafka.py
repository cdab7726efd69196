"""Kafka clients configured once from settings."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Mapping

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from atlaskit.settings import AtlasSettings

log = logging.getLogger(__name__)


def create_producer(settings: AtlasSettings) -> AIOKafkaProducer:
    # Tansu (the embedded broker) lacks InitProducerId v3, so idempotence is a setting:
    # off for Tansu, on for Apache Kafka. Correctness comes from idempotent consumers anyway.
    return AIOKafkaProducer(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        enable_idempotence=settings.kafka_enable_idempotence,
        acks="all",
        linger_ms=5,
    )


def create_consumer(settings: AtlasSettings, topics: list[str], group: str) -> AIOKafkaConsumer:
    return AIOKafkaConsumer(
        *topics,
        bootstrap_servers=settings.kafka_bootstrap_servers,
        group_id=group,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        session_timeout_ms=settings.kafka_session_timeout_ms,
        heartbeat_interval_ms=max(settings.kafka_session_timeout_ms // 6, 500),
        max_poll_records=500,
    )


async def ensure_topics(
    settings: AtlasSettings,
    topics: list[str],
    partitions: int = 3,
    configs: Mapping[str, Mapping[str, str]] | None = None,
) -> None:
    """Creates the missing topics; ``configs`` by topic name (prefixed) are applied then."""
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap_servers)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [t for t in topics if t not in existing]
        if missing:
            with contextlib.suppress(TopicAlreadyExistsError):
                await admin.create_topics(
                    [
                        NewTopic(
                            t,
                            num_partitions=partitions,
                            replication_factor=1,
                            topic_configs=dict((configs or {}).get(t, {})),
                        )
                        for t in missing
                    ]
                )
            log.info("created topics %s", missing)
    finally:
        await admin.close()
