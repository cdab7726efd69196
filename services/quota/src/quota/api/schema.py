"""The quota subgraph: who is asking, as the gateway signed it, their code page views and
their CasePilot questions."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import strawberry
from strawberry.types import Info

from atlaskit.errors import FORBIDDEN, AtlasError, ProtectErrors, Unauthenticated
from atlaskit.viewer import InvalidViewerContext, Viewer, ViewerKind
from quota.adapters.meter import MeteringUnavailable
from quota.api.context import QuotaContext
from quota.api.errors import (
    METERING_UNAVAILABLE_MESSAGE,
    QUESTIONS_UNMETERED_MESSAGE,
    MeteringUnavailableError,
    unauthenticated_message,
    unknown_plan_message,
)
from quota.counting import QuotaUsage
from quota.domain.plans import UnknownPlan

strawberry.enum(ViewerKind, name="ViewerKind", description="How the gateway knows the viewer.")


async def _usage(
    count: Callable[[Viewer], Awaitable[QuotaUsage]], viewer: Viewer, unavailable: str
) -> QuotaUsage:
    try:
        return await count(viewer)
    except UnknownPlan as exc:
        raise AtlasError(FORBIDDEN, unknown_plan_message(str(exc))) from exc
    except MeteringUnavailable as exc:
        raise MeteringUnavailableError(unavailable) from exc


def _counted(usage: QuotaUsage) -> dict[str, Any]:
    return {
        "used": usage.used,
        "limit": usage.limit,
        "remaining": usage.remaining,
        "resets_at": usage.window.resets_at,
    }


@strawberry.type
class _Allowance:
    """The fields every count of a viewer's plan has."""

    used: int
    limit: int | None = strawberry.field(description="null: unlimited")
    remaining: int | None = strawberry.field(description="null: unlimited")
    resets_at: datetime = strawberry.field(description="When the count starts again (UTC).")


@strawberry.type(description="A viewer's CasePilot questions on the current day (UTC).")
class DailyQuestions(_Allowance):
    pass


@strawberry.type(description="A viewer's code page views in the current calendar month (UTC).")
class ViewerQuota(_Allowance):
    signed: strawberry.Private[Viewer]

    @strawberry.field(description="CasePilot questions today under the viewer's plan.")
    async def questions(self, info: Info) -> DailyQuestions:
        context: QuotaContext = info.context["quota"]
        usage = await _usage(context.questions.usage, self.signed, QUESTIONS_UNMETERED_MESSAGE)
        return DailyQuestions(**_counted(usage))


@strawberry.type(name="Viewer", description="Who is asking, as the gateway signed it.")
class ViewerType:
    kind: ViewerKind
    plan: str
    signed: strawberry.Private[Viewer]

    @strawberry.field(description="Code page views this month under the viewer's plan.")
    async def quota(self, info: Info) -> ViewerQuota:
        context: QuotaContext = info.context["quota"]
        usage = await _usage(context.metering.usage, self.signed, METERING_UNAVAILABLE_MESSAGE)
        return ViewerQuota(**_counted(usage), signed=self.signed)


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
