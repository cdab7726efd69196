"""The assistant subgraph: CasePilot answers coding questions from catalog facts, with
citations, in threads; answers stream with their progress steps."""

from __future__ import annotations

import asyncio
import datetime
import uuid
from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry
from strawberry.types import Info

from assistant.adapters import threads
from assistant.adapters.catalog_client import CatalogUnavailable
from assistant.api.admission import admit, thread_of, viewer_of
from assistant.api.context import AssistantContext, assistant_context
from assistant.api.types import Answer, AnswerEvent, Thread
from assistant.casepilot import Reply, ThreadNotFound
from assistant.domain.questions import InvalidQuestion
from atlaskit.errors import AtlasError, BadUserInput, NotFound, ProtectErrors

CATALOG_UNAVAILABLE = "CATALOG_UNAVAILABLE"
FIRST_STEP = "reading the question..."
_QUESTION = (
    'A coding question, e.g. "What is CPT code 99213?", "Can 95870 and 95886 be billed'
    ' together?", "MUE for 97110", "Is I50.21 an MCC?" or "Guidelines for E/M services".'
)
_QUESTION_ID = "Your id for this question (≤100 characters): a retry with it is not counted twice."
_THREAD = 'Continue this thread: a follow-up such as "and with modifier 59?" reads the last turn.'
Question = Annotated[str, strawberry.argument(description=_QUESTION)]
ThreadId = Annotated[strawberry.ID | None, strawberry.argument(description=_THREAD)]
QuestionId = Annotated[str | None, strawberry.argument(description=_QUESTION_ID)]
DateOfService = Annotated[
    datetime.date | None,
    strawberry.argument(
        description="The date of service when the question names none (default today)."
    ),
]


async def _answer(
    context: AssistantContext,
    question: str,
    viewer_id: str,
    thread: uuid.UUID | None,
    on: datetime.date | None,
    progress: asyncio.Queue[str] | None = None,
) -> Reply:
    async def step(text: str) -> None:
        if progress is not None:
            progress.put_nowait(text)

    try:
        return await context.pilot.ask(question, viewer_id, thread, step, on)
    except InvalidQuestion as exc:
        raise BadUserInput(str(exc)) from exc
    except ThreadNotFound as exc:
        raise NotFound(str(exc)) from exc
    except CatalogUnavailable as exc:
        raise AtlasError(
            CATALOG_UNAVAILABLE,
            "CasePilot cannot reach the catalog right now, so it cannot ground an answer;"
            " try again in a moment.",
        ) from exc


async def _admitted(
    info: Info, question: str, thread_id: str | None, question_id: str | None
) -> tuple[AssistantContext, str, uuid.UUID | None]:
    """The context, the asking viewer's id once the question is counted, and the thread."""
    context = assistant_context(info)
    thread = thread_of(thread_id)
    return context, await admit(context, question, question_id), thread


@strawberry.type
class Query:
    @strawberry.field(description="A CasePilot conversation of yours, turn by turn.")
    async def thread(self, info: Info, id: strawberry.ID) -> Thread:
        context = assistant_context(info)
        thread = thread_of(id)
        assert thread is not None
        pool = context.pilot.pool
        if await threads.thread_owner(pool, thread) != viewer_of(context).viewer_id:
            raise NotFound(f"There is no thread {id} of yours.")
        return Thread.of(thread, await threads.turns_of(pool, thread))


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description=(
            "Ask CasePilot. Every fact in the answer comes from the catalog and is cited;"
            " a question counts against your plan's daily CasePilot questions."
        )
    )
    async def ask(
        self,
        info: Info,
        question: Question,
        thread_id: ThreadId = None,
        question_id: QuestionId = None,
        date_of_service: DateOfService = None,
    ) -> Answer:
        context, viewer_id, thread = await _admitted(info, question, thread_id, question_id)
        return Answer.of(await _answer(context, question, viewer_id, thread, date_of_service))


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description=(
            'Ask CasePilot and stream the answer: progress steps ("looking up NCCI edits...")'
            " as they happen, then the answer, last. Send Accept: text/event-stream."
        )
    )
    async def ask_stream(
        self,
        info: Info,
        question: Question,
        thread_id: ThreadId = None,
        question_id: QuestionId = None,
        date_of_service: DateOfService = None,
    ) -> AsyncGenerator[AnswerEvent, None]:
        context, viewer_id, thread = await _admitted(info, question, thread_id, question_id)
        steps: asyncio.Queue[str] = asyncio.Queue()
        answering = asyncio.create_task(
            _answer(context, question, viewer_id, thread, date_of_service, steps)
        )
        try:
            yield AnswerEvent(step=FIRST_STEP)
            while not answering.done() or not steps.empty():
                waiting = asyncio.create_task(steps.get())
                await asyncio.wait({answering, waiting}, return_when=asyncio.FIRST_COMPLETED)
                if waiting.done():
                    yield AnswerEvent(step=waiting.result())
                else:
                    waiting.cancel()
            yield AnswerEvent(answer=Answer.of(answering.result()))
        finally:
            answering.cancel()


schema = strawberry.federation.Schema(
    query=Query, mutation=Mutation, subscription=Subscription, extensions=[ProtectErrors]
)
