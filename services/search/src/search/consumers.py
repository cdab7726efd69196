"""What the search index does when an event arrives: follow the catalog's codes."""

from __future__ import annotations

import asyncpg

from atlaskit.events import Envelope
from atlaskit.events.topics import CATALOG_CODES, CODE_CHANGED
from atlaskit.resources import Subscription
from search.adapters import index
from search.domain.codes import indexed_code


async def index_changed_code(event: Envelope, conn: asyncpg.Connection) -> None:
    """Upserts the code, so a redelivered or repeated event leaves the index as it was."""
    await index.upsert_code(conn, indexed_code(event.data))


SUBSCRIPTIONS = (
    Subscription(
        group="search",
        topics=(CATALOG_CODES,),
        handlers={CODE_CHANGED: index_changed_code},
    ),
)
