"""What the search index does when an event arrives: follow the catalog's codes."""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

from atlaskit.events import Envelope
from atlaskit.events.topics import CATALOG_CODES, CODE_CHANGED
from atlaskit.resources import Subscription
from search.adapters import index
from search.domain.codes import indexed_code


async def index_changed_codes(events: Sequence[Envelope], conn: asyncpg.Connection) -> None:
    """Upserts the codes, so a redelivered or repeated event leaves the index as it was."""
    await index.upsert_codes(conn, [indexed_code(event.data) for event in events])


SUBSCRIPTIONS = (
    Subscription(
        group="search",
        topics=(CATALOG_CODES,),
        handlers={CODE_CHANGED: index_changed_codes},
    ),
)
