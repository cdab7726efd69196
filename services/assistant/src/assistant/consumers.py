"""What the assistant does when an event arrives: keep its code facts as the catalog says."""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

from assistant.adapters import facts
from assistant.domain.facts import code_fact
from atlaskit.events import Envelope
from atlaskit.events.topics import CATALOG_CODES, CODE_CHANGED
from atlaskit.resources import Subscription


async def record_changed_codes(events: Sequence[Envelope], conn: asyncpg.Connection) -> None:
    """Upserts the facts, so a redelivered or repeated event leaves the read model as it was."""
    await facts.upsert_facts(conn, [code_fact(event.data) for event in events])


SUBSCRIPTIONS = (
    Subscription(
        group="assistant",
        topics=(CATALOG_CODES,),
        handlers={CODE_CHANGED: record_changed_codes},
    ),
)
