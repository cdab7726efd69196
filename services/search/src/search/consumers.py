"""What the search index does when an event arrives: follow the catalog's codes."""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

from atlaskit.events import Envelope
from atlaskit.events.topics import CATALOG_CODES, CODE_CHANGED, QUERY_PERFORMED, SEARCH_QUERIES
from atlaskit.resources import Subscription
from search.adapters import index, query_stats
from search.domain.codes import indexed_code

INDEX_GROUP = "search"


async def index_changed_codes(events: Sequence[Envelope], conn: asyncpg.Connection) -> None:
    """Upserts the codes, so a redelivered or repeated event leaves the index as it was.

    Within a batch only the latest event per code counts (events of one code arrive in order).
    """
    latest = {event.subject: indexed_code(event.data) for event in events}
    await index.upsert_codes(conn, list(latest.values()))


async def count_queries(events: Sequence[Envelope], conn: asyncpg.Connection) -> None:
    await query_stats.count_queries(conn, events)


def subscriptions(group: str = INDEX_GROUP) -> tuple[Subscription, ...]:
    """The index follows the catalog's code topic as ``group``: a new group with an empty
    database replays the whole topic, which is how the index is rebuilt. The query counts
    follow the service's own query events."""
    return (
        Subscription(
            group=group, topics=(CATALOG_CODES,), handlers={CODE_CHANGED: index_changed_codes}
        ),
        Subscription(
            group=f"{group}-query-stats",
            topics=(SEARCH_QUERIES,),
            handlers={QUERY_PERFORMED: count_queries},
        ),
    )
