"""Query events sent straight to the broker: a search writes nothing to its database, so
there is no transaction for an outbox to join. A bounded queue keeps a slow or absent broker
from slowing searches; when it is full, events are dropped and counted."""

from __future__ import annotations

import asyncio
import logging

from aiokafka import AIOKafkaProducer

from atlaskit.events import Envelope
from atlaskit.events.registry import validate_event
from atlaskit.tracing import kafka_headers_from_current_context

log = logging.getLogger(__name__)

CAPACITY = 10_000


class QueryLog:
    def __init__(self, producer: AIOKafkaProducer, topic: str, capacity: int = CAPACITY) -> None:
        self._producer = producer
        self._topic = topic
        self._queue: asyncio.Queue[tuple[Envelope, list[tuple[str, bytes]]]] = asyncio.Queue(
            capacity
        )
        self.dropped = 0

    def record(self, event: Envelope) -> None:
        validate_event(event)
        try:
            self._queue.put_nowait((event, kafka_headers_from_current_context()))
        except asyncio.QueueFull:
            self.dropped += 1
            if self.dropped == 1 or self.dropped % 1000 == 0:
                log.warning("query events dropped: %d (the broker is not keeping up)", self.dropped)

    async def run(self) -> None:
        while True:
            event, headers = await self._queue.get()
            try:
                delivery = await self._producer.send(
                    self._topic, event.to_json(), key=event.subject.encode(), headers=headers
                )
                delivery.add_done_callback(_report_failure)
            except Exception:
                log.exception("a query event could not be sent")
            finally:
                self._queue.task_done()

    async def drain(self) -> None:
        """Waits until every recorded event is handed to the producer (tests, shutdown)."""
        await self._queue.join()
        await self._producer.flush()


def _report_failure(delivery: asyncio.Future[object]) -> None:
    if not delivery.cancelled() and delivery.exception() is not None:
        log.warning("a query event was not delivered: %s", delivery.exception())
