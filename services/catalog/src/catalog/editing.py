"""Editorial revisions of a code's titles between releases."""

from __future__ import annotations

from dataclasses import replace

import asyncpg
from opentelemetry import trace

from atlaskit.events.topics import CATALOG_CODES
from atlaskit.outbox import OutgoingEvent, add_to_outbox
from atlaskit.settings import AtlasSettings
from catalog.adapters import repository
from catalog.adapters.repository import StoredCode
from catalog.domain import events
from catalog.domain.codes import ChangeKind, CodeChange, CodeSystem

tracer = trace.get_tracer("catalog.editing")


class UnknownCode(LookupError):
    pass


async def revise_titles(
    pool: asyncpg.Pool,
    settings: AtlasSettings,
    system: CodeSystem,
    code: str,
    title: str,
    short_title: str | None,
) -> StoredCode:
    span_attributes = {"codeatlas.code": f"{system.value}:{code}"}
    with tracer.start_as_current_span("catalog.code.revise", attributes=span_attributes):
        async with pool.acquire() as conn, conn.transaction():
            await conn.execute(
                "SELECT 1 FROM codes WHERE system = $1 AND code = $2 FOR UPDATE", system.value, code
            )
            found = await repository.find_codes(conn, [(system, code)])
            stored = found.get((system, code))
            if stored is None:
                raise UnknownCode(f"{system.value} {code}")
            revised = replace(stored.code, title=title, short_title=short_title or title[:28])
            if revised == stored.code:
                return stored
            change = CodeChange(ChangeKind.REVISED, revised)
            await repository.apply_changes(conn, [change], stored.release_id)
            await add_to_outbox(
                conn,
                [
                    OutgoingEvent(
                        settings.topic(CATALOG_CODES),
                        revised.key,
                        events.code_changed(change, stored.release_id),
                    )
                ],
            )
        return StoredCode(revised, stored.release_id)
