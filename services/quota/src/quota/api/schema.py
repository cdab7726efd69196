"""The quota subgraph: a viewer's code page views this month."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from atlaskit.errors import AtlasError, BadUserInput, ProtectErrors
from quota.adapters.meter import MeteringUnavailable
from quota.api.context import QuotaContext
from quota.api.errors import (
    MAX_VIEWER_ID,
    METERING_UNAVAILABLE,
    METERING_UNAVAILABLE_MESSAGE,
    VIEWER_ID_RULE,
)
from quota.domain.plans import UnknownPlan, plan_named, views_remaining
from quota.metering import views_used


@strawberry.type(description="How many code pages a viewer has opened this month.")
class QuotaStatus:
    viewer_id: strawberry.ID
    plan: str
    used: int
    limit: int | None = strawberry.field(description="null: unlimited")
    remaining: int | None = strawberry.field(description="null: unlimited")


@strawberry.type
class Query:
    @strawberry.field(description="A viewer's code page views in the current month.")
    async def quota_status(self, info: Info, viewer_id: strawberry.ID, plan: str) -> QuotaStatus:
        context: QuotaContext = info.context["quota"]
        if not 0 < len(viewer_id) <= MAX_VIEWER_ID:
            raise BadUserInput(VIEWER_ID_RULE)
        try:
            chosen = plan_named(plan)
            used = await views_used(context.meter, str(viewer_id))
        except UnknownPlan as exc:
            raise BadUserInput(str(exc)) from exc
        except MeteringUnavailable as exc:
            raise AtlasError(METERING_UNAVAILABLE, METERING_UNAVAILABLE_MESSAGE) from exc
        limit = chosen.code_page_views
        return QuotaStatus(
            viewer_id=viewer_id,
            plan=chosen.name,
            used=used,
            limit=limit,
            remaining=views_remaining(limit, used),
        )


schema = strawberry.federation.Schema(query=Query, extensions=[ProtectErrors])
