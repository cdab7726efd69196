"""What the assistant does when an event arrives: keep its code facts as the catalog says."""

from __future__ import annotations

import logging

import asyncpg

from assistant.adapters import facts
from assistant.domain.facts import code_fact
from atlaskit.events import Envelope, EventSchemaError, validate_event
from atlaskit.events.topics import CATALOG_CODES, CODE_CHANGED
from atlaskit.resources import Subscription

log = logging.getLogger(__name__)


async def record_changed_code(event: Envelope, conn: asyncpg.Connection) -> None:
    """Upserts the fact, so a redelivered or repeated event leaves the read model as it was."""
    try:
        validate_event(event)
    except EventSchemaError as exc:
        # Retrying cannot repair a malformed event; skipping it keeps the read model
        # following the catalog, as the consumer loop does for an unreadable envelope.
        log.error("not recording event %s: %s", event.id, exc)
        return
    await facts.upsert_fact(conn, code_fact(event.data))


SUBSCRIPTIONS = (
    Subscription(
        group="assistant",
        topics=(CATALOG_CODES,),
        handlers={CODE_CHANGED: record_changed_code},
    ),
)
