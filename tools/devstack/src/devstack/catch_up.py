"""Waits until the read models (search, assistant) have consumed every catalog event.

``make run`` prints its banner only then, so the first search or question sees all the demo
data. Lag is read from the broker: committed offsets of each consumer group against the
topic's end offsets.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

FOLLOWERS = ("search", "assistant")


async def _lag(bootstrap: str, topic: str, groups: list[str]) -> tuple[int, int]:
    """(events published to the topic, events not yet consumed by the slowest group)."""
    probe = AIOKafkaConsumer(bootstrap_servers=bootstrap)
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await probe.start()
    await admin.start()
    try:
        partitions = [TopicPartition(topic, p) for p in probe.partitions_for_topic(topic) or ()]
        ends = await probe.end_offsets(partitions)
        published = sum(ends.values())
        behind = 0
        for group in groups:
            committed = await admin.list_consumer_group_offsets(group, partitions=partitions)
            done = {tp: (meta.offset if meta.offset >= 0 else 0) for tp, meta in committed.items()}
            behind = max(behind, sum(end - done.get(tp, 0) for tp, end in ends.items()))
        return published, behind
    finally:
        await admin.close()
        await probe.stop()


async def groups_caught_up(
    bootstrap: str, prefix: str, names: Sequence[str], timeout: float = 300
) -> bool:
    """True once every named group has consumed all catalog code events (stable for a second)."""
    topic = f"{prefix}.catalog.codes"
    groups = [f"{prefix}.{name}" for name in names]
    deadline = time.monotonic() + timeout
    settled = 0
    while time.monotonic() < deadline:
        try:
            published, behind = await _lag(bootstrap, topic, groups)
        except Exception:  # the broker or a group is not there yet: ask again shortly
            published, behind = 0, 1
        settled = settled + 1 if published and behind == 0 else 0
        if settled >= 2:
            return True
        await asyncio.sleep(0.5)
    return False


def wait_for_followers(bootstrap: str, prefix: str, timeout: float = 300) -> bool:
    """True once search and CasePilot have consumed all catalog code events."""
    return asyncio.run(groups_caught_up(bootstrap, prefix, FOLLOWERS, timeout))
