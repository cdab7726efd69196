"""What the search index does when an event arrives: follow the catalog's codes."""

from __future__ import annotations

import logging

import asyncpg

from atlaskit.events import Envelope, EventSchemaError, validate_event
from atlaskit.events.topics import CATALOG_CODES, CODE_CHANGED
from atlaskit.resources import Subscription
from search.adapters import index
from search.domain.codes import indexed_code

log = logging.getLogger(__name__)


async def index_changed_code(event: Envelope, conn: asyncpg.Connection) -> None:
    """Upserts the code, so a redelivered or repeated event leaves the index as it was."""
    try:
        validate_event(event)
    except EventSchemaError as exc:
        # Retrying cannot repair a malformed event; skipping it keeps the index following
        # the catalog, as the consumer loop does for an unreadable envelope.
        log.error("not indexing event %s: %s", event.id, exc)
        return
    await index.upsert_code(conn, indexed_code(event.data))


SUBSCRIPTIONS = (
    Subscription(
        group="search",
        topics=(CATALOG_CODES,),
        handlers={CODE_CHANGED: index_changed_code},
    ),
)
