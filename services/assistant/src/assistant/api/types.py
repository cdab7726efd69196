"""CasePilot's GraphQL types: an answer and the catalog facts it cites."""

from __future__ import annotations

from typing import Self

import strawberry

from assistant.domain import answers
from atlaskit.schema_types import CodeSystem


@strawberry.type(description="A catalog fact an answer rests on.")
class Citation:
    system: CodeSystem
    code: str
    release_id: str = strawberry.field(description="The release the cited text comes from.")
    source: str = strawberry.field(description='Where the fact was read, e.g. "catalog".')

    @classmethod
    def of(cls, citation: answers.Citation) -> Self:
        return cls(
            system=citation.system,
            code=citation.code,
            release_id=citation.release_id,
            source=citation.source,
        )


@strawberry.type(description="CasePilot's answer, with the facts it cites.")
class Answer:
    text: str
    citations: list[Citation]
    tools_used: list[str] = strawberry.field(
        description='What the assistant consulted, e.g. "catalog.lookup".'
    )

    @classmethod
    def of(cls, answer: answers.Answer) -> Self:
        return cls(
            text=answer.text,
            citations=[Citation.of(c) for c in answer.citations],
            tools_used=list(answer.tools_used),
        )
