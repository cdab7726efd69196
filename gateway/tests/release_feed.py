"""Subgraphs with subscriptions, for the gateway's streaming tests.

``revisions`` streams the code revisions of a release, one event each, and refers to codes
by key only; the test holds its ``ReleaseFeed`` and so decides when the revisions after the
first are sent. ``codes`` is the conformance codes subgraph (titles) with a subscription of
its own, so that one operation can ask two subgraphs' subscription fields.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from dataclasses import dataclass, field
from typing import Any

import strawberry
from conformance_subgraphs import ClaimCode, CodeEntity, CodesQuery, System
from fastapi import FastAPI
from graphql import GraphQLError

from atlaskit.service import graphql_router

RELEASE = "HCPCS-2025-10-01"
# A release withdrawn while its revisions stream: the second one is an error.
WITHDRAWN_RELEASE = "HCPCS-2025-07-01"
REVISED_CODES = [(System.HCPCS, "K0001"), (System.HCPCS, "E0114"), (System.CPT, "99213")]


@dataclass
class ReleaseFeed:
    """Revisions after the first wait for ``go_on`` (set unless a test clears it); ``closed``
    is set when a subscription ends, however it ends; ``headers`` are those each one got."""

    go_on: asyncio.Event = field(default_factory=asyncio.Event)
    closed: asyncio.Event = field(default_factory=asyncio.Event)
    headers: list[dict[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.go_on.set()


@strawberry.type
class CodeRevision:
    sequence: int
    release_id: str
    code: ClaimCode


@strawberry.type
class RevisionsQuery:
    @strawberry.field
    def releases(self) -> list[str]:
        return [RELEASE, WITHDRAWN_RELEASE]


@strawberry.type
class RevisionsSubscription:
    @strawberry.subscription
    async def code_revisions(
        self, info: strawberry.Info, release_id: str
    ) -> AsyncGenerator[CodeRevision, None]:
        feed: ReleaseFeed = info.context["feed"]
        feed.headers.append(dict(info.context["request"].headers))
        try:
            for sequence, (system, code) in enumerate(REVISED_CODES, start=1):
                if sequence > 1:
                    await feed.go_on.wait()
                if sequence == 2 and release_id == WITHDRAWN_RELEASE:
                    raise GraphQLError(
                        f"The release {release_id} was withdrawn.",
                        extensions={"code": "RELEASE_WITHDRAWN"},
                    )
                yield CodeRevision(
                    sequence=sequence,
                    release_id=release_id,
                    code=ClaimCode(system=system, code=code),
                )
                await asyncio.sleep(0.01)
        finally:
            feed.closed.set()


@strawberry.type
class TitlesSubscription:
    @strawberry.subscription
    async def code_titles(self, system: System, code: str) -> AsyncGenerator[CodeEntity, None]:
        yield CodeEntity(system=system, code=code)


revisions_schema = strawberry.federation.Schema(
    query=RevisionsQuery, subscription=RevisionsSubscription, types=[ClaimCode]
)
titles_schema = strawberry.federation.Schema(
    query=CodesQuery, subscription=TitlesSubscription, types=[CodeEntity]
)


def revisions_app(feed: ReleaseFeed) -> FastAPI:
    """The revisions subgraph, routed as every service's is (``atlaskit.service``)."""

    async def context() -> dict[str, Any]:
        return {"feed": feed}

    app = FastAPI()
    app.include_router(graphql_router(revisions_schema, context), prefix="/graphql")
    return app
