"""The quota subgraph: who is asking, as the gateway signed it, and their code page views."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from atlaskit.errors import FORBIDDEN, AtlasError, ProtectErrors, Unauthenticated
from atlaskit.viewer import InvalidViewerContext, Viewer, ViewerKind
from quota.adapters.meter import MeteringUnavailable
from quota.api.context import QuotaContext
from quota.api.errors import (
    MeteringUnavailableError,
    unauthenticated_message,
    unknown_plan_message,
)
from quota.domain.plans import UnknownPlan

strawberry.enum(ViewerKind, name="ViewerKind", description="How the gateway knows the viewer.")


@strawberry.type(description="A viewer's code page views in the current calendar month (UTC).")
class ViewerQuota:
    used: int
    limit: int | None = strawberry.field(description="null: unlimited")
    remaining: int | None = strawberry.field(description="null: unlimited")
    resets_at: datetime = strawberry.field(description="The start of next month (UTC).")


@strawberry.type(name="Viewer", description="Who is asking, as the gateway signed it.")
class ViewerType:
    kind: ViewerKind
    plan: str
    signed: strawberry.Private[Viewer]

    @strawberry.field(description="Code page views this month under the viewer's plan.")
    async def quota(self, info: Info) -> ViewerQuota:
        context: QuotaContext = info.context["quota"]
        try:
            usage = await context.metering.usage(self.signed)
        except UnknownPlan as exc:
            raise AtlasError(FORBIDDEN, unknown_plan_message(str(exc))) from exc
        except MeteringUnavailable as exc:
            raise MeteringUnavailableError() from exc
        return ViewerQuota(
            used=usage.used,
            limit=usage.limit,
            remaining=usage.remaining,
            resets_at=usage.window.resets_at,
        )


@strawberry.type
class Query:
    @strawberry.field(description="Who is asking: the viewer of the gateway's signed context.")
    def viewer(self, info: Info) -> ViewerType:
        context: QuotaContext = info.context["quota"]
        try:
            signed = context.viewer(info.context["viewer_header"])
        except InvalidViewerContext as exc:
            raise Unauthenticated(unauthenticated_message(str(exc))) from exc
        return ViewerType(kind=signed.kind, plan=signed.plan, signed=signed)


schema = strawberry.federation.Schema(query=Query, extensions=[ProtectErrors])
