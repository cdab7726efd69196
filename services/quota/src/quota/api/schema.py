"""The quota subgraph: a viewer's code page views this month."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry
from strawberry.types import Info

from atlaskit.errors import AtlasError, BadUserInput, ProtectErrors
from quota.adapters.meter import MeteringUnavailable
from quota.api.context import QuotaContext
from quota.domain.plans import UnknownPlan, plan_named, window_of

METERING_UNAVAILABLE = "METERING_UNAVAILABLE"


@strawberry.type(description="How many code pages a viewer has opened this month.")
class QuotaStatus:
    viewer_id: strawberry.ID
    plan: str
    used: int
    limit: int | None = strawberry.field(description="null: unlimited")
    remaining: int | None


@strawberry.type
class Query:
    @strawberry.field(description="A viewer's code page views in the current month.")
    async def quota_status(self, info: Info, viewer_id: strawberry.ID, plan: str) -> QuotaStatus:
        context: QuotaContext = info.context["quota"]
        try:
            chosen = plan_named(plan)
            used = await context.meter.used(str(viewer_id), window_of(datetime.now(UTC)))
        except UnknownPlan as exc:
            raise BadUserInput(str(exc)) from exc
        except MeteringUnavailable as exc:
            raise AtlasError(
                METERING_UNAVAILABLE, "Code page metering is unavailable; try again shortly."
            ) from exc
        limit = chosen.code_page_views
        return QuotaStatus(
            viewer_id=viewer_id,
            plan=chosen.name,
            used=used,
            limit=limit,
            remaining=None if limit is None else max(limit - used, 0),
        )


schema = strawberry.federation.Schema(query=Query, extensions=[ProtectErrors])
