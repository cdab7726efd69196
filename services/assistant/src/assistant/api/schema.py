"""The assistant subgraph: CasePilot answers questions about codes from catalog facts."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from assistant.answering import answer_question
from assistant.api.context import assistant_context
from assistant.api.types import Answer
from assistant.domain.questions import InvalidQuestion
from atlaskit.errors import BadUserInput, ProtectErrors


async def resolve_ask(info: Info, question: str) -> Answer:
    try:
        answer = await answer_question(assistant_context(info).pool, question)
    except InvalidQuestion as exc:
        raise BadUserInput(str(exc)) from exc
    return Answer.of(answer)


@strawberry.type
class Query:
    ask: Answer = strawberry.field(
        resolver=resolve_ask,
        description=(
            'Ask CasePilot about a code, e.g. "What is HCPCS K0001?" or "What is CPT code'
            ' 99213?"; the answer cites the catalog release it rests on.'
        ),
    )


schema = strawberry.federation.Schema(query=Query, extensions=[ProtectErrors])
