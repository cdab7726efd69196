"""One GraphQL request through the gateway: parse within limits, validate, plan (cached),
execute, shape.

A subscription is executed the same way once for each result its subgraph streams: that
result's entities are fetched and it is shaped like a query's answer.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable, Mapping
from contextlib import aclosing
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    GraphQLError,
    OperationDefinitionNode,
    OperationType,
    get_operation_ast,
    validate,
)
from graphql.execution.values import VariableValues, get_variable_values
from opentelemetry import trace

from gateway.composition.compose import Supergraph
from gateway.edge.limits import LimitExceeded, OperationLimits
from gateway.execution.executor import PlanRun
from gateway.execution.fetcher import SubgraphFetcher, SubgraphRequest
from gateway.execution.shaping import ResponseShaper
from gateway.planning.cache import PlanCache
from gateway.planning.plan import QueryPlan
from gateway.planning.planner import PlanningError, QueryPlanner

tracer = trace.get_tracer("gateway")

PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
BAD_USER_INPUT = "BAD_USER_INPUT"
BAD_REQUEST = "BAD_REQUEST"
OPERATION_NOT_ALLOWED = "OPERATION_NOT_ALLOWED"

# The headers a subgraph fetch carries, made as it is sent: the viewer context in them is
# signed for a minute only, and a subscription fetches for as long as it lasts.
ForwardedHeaders = Callable[[], Mapping[str, str]]
# What a subscription streams: a response body for each result, or None when the subgraph
# only said that it is still there.
StreamedBody = dict[str, Any] | None


@dataclass(frozen=True)
class GraphQLRequest:
    query: str
    variables: dict[str, Any] | None
    operation_name: str | None


@dataclass(frozen=True)
class Outcome:
    body: dict[str, Any]
    request_error: bool = False
    method_not_allowed: bool = False
    # A subscription's bodies (its ``body`` is empty); nothing is fetched until they are read.
    events: AsyncGenerator[StreamedBody, None] | None = None


@dataclass(frozen=True)
class _Prepared:
    """What an operation is planned into once: its plan (with the parsed operation) and the
    shaper of its answers."""

    plan: QueryPlan
    shaper: ResponseShaper

    @property
    def operation(self) -> OperationDefinitionNode:
        return self.plan.operation


def _error(message: str, code: str, error: GraphQLError | None = None) -> dict[str, Any]:
    formatted: dict[str, Any] = {"message": message, "extensions": {"code": code}}
    if error is not None and error.locations:
        formatted["locations"] = [
            {"line": loc.line, "column": loc.column} for loc in error.locations
        ]
    return formatted


class _RequestRejected(Exception):
    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(errors[0]["message"])
        self.errors = errors


class Gateway:
    def __init__(
        self,
        supergraph: Supergraph,
        fetcher: SubgraphFetcher,
        cache_size: int,
        limits: OperationLimits | None = None,
    ) -> None:
        self.supergraph = supergraph
        self._limits = limits or OperationLimits()
        self._fetcher = fetcher
        self._planner = QueryPlanner(supergraph)
        self.plans = PlanCache[_Prepared](cache_size)

    async def execute(
        self, request: GraphQLRequest, forwarded: ForwardedHeaders, *, read_only: bool = False
    ) -> Outcome:
        try:
            prepared = self._prepare(request)
        except _RequestRejected as rejected:
            return Outcome({"errors": rejected.errors}, request_error=True)
        kind = prepared.operation.operation
        if read_only and kind is OperationType.MUTATION:
            message = "Mutations cannot be sent with GET; send them with POST."
            return Outcome(
                {"errors": [_error(message, OPERATION_NOT_ALLOWED)]}, method_not_allowed=True
            )
        coerced = get_variable_values(
            self.supergraph.api_schema,
            prepared.operation.variable_definitions or (),
            request.variables or {},
        )
        if isinstance(coerced, list):
            return Outcome(
                {"errors": [_error(e.message, BAD_USER_INPUT, e) for e in coerced]},
                request_error=True,
            )
        if kind is OperationType.SUBSCRIPTION:
            return Outcome({}, events=self._subscription(prepared, request, coerced, forwarded))
        run = PlanRun(self._fetcher, request.variables or {}, forwarded())
        await run.run(prepared.plan)
        return Outcome(self._body(prepared, request, coerced, run))

    async def _subscription(
        self,
        prepared: _Prepared,
        request: GraphQLRequest,
        coerced: VariableValues,
        forwarded: ForwardedHeaders,
    ) -> AsyncGenerator[StreamedBody, None]:
        # Validation lets a subscription select one root field, so its plan has one root fetch.
        [root] = prepared.plan.root_fetches
        variables = request.variables or {}
        results = self._fetcher.subscribe(
            SubgraphRequest(root.subgraph, root.document, root.variables_in(variables), forwarded())
        )
        async with aclosing(results):
            async for result in results:
                if result is None:
                    yield None
                    continue
                run = PlanRun(self._fetcher, variables, forwarded())
                await run.absorb(root, result)
                yield self._body(prepared, request, coerced, run)

    def _body(
        self,
        prepared: _Prepared,
        request: GraphQLRequest,
        coerced: VariableValues,
        run: PlanRun,
    ) -> dict[str, Any]:
        shaped = prepared.shaper.shape(run.data, coerced, request.variables, request.operation_name)
        errors = run.errors + [
            self._shaping_error(e) for e in shaped.errors or () if not _explained(e, run.errors)
        ]
        if errors:
            return {"errors": errors, "data": shaped.data}
        return {"data": shaped.data}

    @staticmethod
    def _shaping_error(error: GraphQLError) -> dict[str, Any]:
        formatted = error.formatted
        formatted.setdefault("extensions", {})["code"] = "INTERNAL_SERVER_ERROR"
        return dict(formatted)

    def _prepare(self, request: GraphQLRequest) -> _Prepared:
        return self.plans.get_or_plan(
            request.query, request.operation_name, lambda: self._parse_validate_plan(request)
        )

    def _parse_validate_plan(self, request: GraphQLRequest) -> _Prepared:
        document = self._parsed(request.query)
        with tracer.start_as_current_span("graphql.validate"):
            problems = validate(self.supergraph.api_schema, document)
            if problems:
                raise _RequestRejected([_error(p.message, VALIDATION_FAILED, p) for p in problems])
            operation = get_operation_ast(document, request.operation_name)
            if operation is None:
                message = (
                    f'Unknown operation named "{request.operation_name}".'
                    if request.operation_name
                    else "The document has several operations; say which in operationName."
                )
                raise _RequestRejected([_error(message, BAD_REQUEST)])
        with tracer.start_as_current_span("graphql.plan"):
            try:
                plan = self._planner.plan(document, operation)
            except PlanningError as exc:
                raise _RequestRejected([_error(exc.message, VALIDATION_FAILED)]) from exc
        shaper = ResponseShaper(self.supergraph.api_schema, document, operation)
        return _Prepared(plan, shaper)

    def _parsed(self, query: str) -> DocumentNode:
        """The document, held to the operation limits before anything else is done with it."""
        try:
            with tracer.start_as_current_span("graphql.parse"):
                document = self._limits.parse(query)
            with tracer.start_as_current_span("graphql.limits"):
                self._limits.check(document)
        except LimitExceeded as exceeded:
            raise _RequestRejected([_error(str(exceeded), exceeded.code)]) from exceeded
        except GraphQLError as exc:
            raise _RequestRejected([_error(exc.message, PARSE_FAILED, exc)]) from exc
        return document


def _explained(error: GraphQLError, subgraph_errors: list[dict[str, Any]]) -> bool:
    """A null a subgraph already explained is not reported a second time by shaping."""
    if not subgraph_errors:
        return False
    path = list(error.path or [])
    for known in subgraph_errors:
        known_path = known.get("path")
        if known_path is None or path[: len(known_path)] == known_path:
            return True
        if known_path[: len(path)] == path:
            return True
    return False
