"""The assistant subgraph: CasePilot answers questions about codes from catalog facts."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from assistant.adapters.catalog_tools import CatalogUnavailable
from assistant.answering import answer_question
from assistant.api.context import assistant_context
from assistant.api.types import Answer
from assistant.domain.questions import InvalidQuestion
from atlaskit.errors import AtlasError, BadUserInput, ProtectErrors


async def resolve_ask(info: Info, question: str) -> Answer:
    context = assistant_context(info)
    try:
        answer = await answer_question(context.pool, context.tools, question)
    except InvalidQuestion as exc:
        raise BadUserInput(str(exc)) from exc
    except CatalogUnavailable as exc:
        raise AtlasError(
            "CATALOG_UNAVAILABLE",
            "CasePilot cannot reach the catalog right now, so it cannot ground an answer;"
            " try again in a moment.",
        ) from exc
    return Answer.of(answer)


@strawberry.type
class Query:
    ask: Answer = strawberry.field(
        resolver=resolve_ask,
        description=(
            'Ask CasePilot about a code, e.g. "What is HCPCS K0001?", or about billing codes'
            ' together, e.g. "Can 95870 and 95886 be billed together?"; the answer cites the'
            " catalog release it rests on."
        ),
    )


schema = strawberry.federation.Schema(query=Query, extensions=[ProtectErrors])
