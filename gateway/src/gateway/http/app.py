"""The gateway app: POST and GET /graphql, GraphiQL for browsers, health and the supergraph.

A request that accepts ``text/event-stream`` is answered as server-sent events: a
subscription streams its results, a query or mutation sends its one answer that way when
the client takes nothing else.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from typing import Any

import httpx
import orjson
from fastapi import FastAPI
from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response

from atlaskit.health import health_router
from atlaskit.logging import configure_logging
from atlaskit.sse import EVENT_STREAM
from atlaskit.tracing import configure_tracing
from atlaskit.viewer import VIEWER_HEADER, Viewer
from gateway.auth.authenticator import AuthenticationFailed, Authenticator
from gateway.auth.identity_client import IdentityClient
from gateway.composition.compose import Supergraph
from gateway.composition.supergraph_sdl import print_supergraph
from gateway.edge.cors import allow_origins
from gateway.edge.headers import forwarded_headers
from gateway.edge.limits import OperationLimits
from gateway.edge.metrics import measure_subgraph_fetches, record_request
from gateway.edge.persisted import PersistedQueries, PersistedQueryRefused
from gateway.edge.rate_limit import RATE_LIMITED, RateLimited, RateLimiter, RateLimits
from gateway.engine import BAD_REQUEST, ForwardedHeaders, Gateway, GraphQLRequest, Outcome
from gateway.execution.fetcher import SubgraphFetcher
from gateway.http.event_stream import event_stream, one_body
from gateway.http.graphiql import GRAPHIQL_HTML
from gateway.http.media import (
    GRAPHQL_RESPONSE,
    JSON,
    accepts_event_stream,
    negotiate,
    status_for,
)
from gateway.recompose import Recomposer
from gateway.settings import GatewaySettings
from gateway.supergraph_loader import load_supergraph

tracer = trace.get_tracer("gateway.http")

EVENT_STREAM_REQUIRED = "EVENT_STREAM_REQUIRED"
NEEDS_EVENT_STREAM = (
    f"A subscription's results are streamed as server-sent events: send the request with"
    f" the header Accept: {EVENT_STREAM}."
)
REQUEST_TOO_LARGE = "REQUEST_TOO_LARGE"


class _BadRequest(Exception):
    def __init__(self, message: str, status: int = 400, code: str = BAD_REQUEST) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


def _respond(body: dict[str, Any], status: int, media_type: str) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type=media_type)


def _request_error(
    message: str, media_type: str, status: int = 400, code: str = BAD_REQUEST
) -> Response:
    return _respond(
        {"errors": [{"message": message, "extensions": {"code": code}}]}, status, media_type
    )


def _too_many_requests(limited: RateLimited, media_type: str) -> Response:
    response = _request_error(limited.message, media_type, 429, RATE_LIMITED)
    response.headers["retry-after"] = str(limited.retry_after_seconds)
    return response


def _json_object(params: dict[str, Any], name: str) -> dict[str, Any] | None:
    """A JSON object parameter, sent as JSON in a body or as a JSON string in a URL."""
    value = params.get(name)
    if isinstance(value, str):
        try:
            value = orjson.loads(value) if value else None
        except orjson.JSONDecodeError as exc:
            raise _BadRequest(f"The {name} are not valid JSON.") from exc
    if value is not None and not isinstance(value, dict):
        raise _BadRequest(f"The {name} must be a JSON object.")
    return value


def _from_params(params: dict[str, Any], persisted: PersistedQueries) -> GraphQLRequest:
    query = params.get("query")
    if query is not None and not isinstance(query, str):
        raise _BadRequest("The query must be a string.")
    extensions = _json_object(params, "extensions")
    query = persisted.query_for(query if query and query.strip() else None, extensions)
    if query is None:
        raise _BadRequest('The request has no GraphQL query: send {"query": "..."}.')
    variables = _json_object(params, "variables")
    operation_name = params.get("operationName")
    if operation_name is not None and not isinstance(operation_name, str):
        raise _BadRequest("operationName must be a string.")
    return GraphQLRequest(query, variables, operation_name)


async def _read_post(request: Request, limit: int) -> dict[str, Any]:
    """The request's parameters; a body over ``limit`` bytes is refused before it is all read."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    too_large = _BadRequest(
        f"The request body is larger than {limit} bytes.", 413, REQUEST_TOO_LARGE
    )
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise too_large
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise too_large
    if content_type == "application/graphql":
        return {"query": body.decode("utf-8", "replace")}
    if content_type not in ("application/json", ""):
        raise _BadRequest(f"Send GraphQL as application/json, not {content_type}.", 415)
    try:
        params = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise _BadRequest("The request body is not valid JSON.") from exc
    if not isinstance(params, dict):
        raise _BadRequest("The request body must be a JSON object.")
    return params


def create_app(
    settings: GatewaySettings | None = None,
    supergraph: Supergraph | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> FastAPI:
    """The gateway over ``supergraph``, or over the one composed from the subgraphs at start."""
    settings = settings or GatewaySettings()
    configure_logging("gateway", settings.log_level)
    configure_tracing("gateway", settings)
    measure_subgraph_fetches()
    state: dict[str, Gateway] = {}
    authenticators: dict[str, Authenticator] = {}
    rate_limiters: dict[str, RateLimiter] = {}
    persisted = PersistedQueries(settings.persisted_query_cache_size, settings.safelist_file)
    limits = OperationLimits.from_settings(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        sdl_client = httpx.AsyncClient(
            transport=transport, timeout=settings.subgraph_timeout_seconds
        )
        composed = supergraph or await load_supergraph(
            settings.subgraphs, settings.startup_timeout_seconds, sdl_client
        )
        fetcher = SubgraphFetcher(
            {s.name: s.url for s in composed.subgraphs.values()},
            settings.subgraph_timeout_seconds,
            transport=transport,
            stream_idle_timeout=settings.subscription_idle_seconds,
            deduplicate=settings.deduplicate_in_flight,
        )

        def serve(current: Supergraph) -> Gateway:
            """A gateway over ``current``, with a plan cache of its own, for new requests."""
            gateway = Gateway(current, fetcher, settings.plan_cache_size, limits)
            state["gateway"] = gateway
            # Tests and operators read the plan cache's counters from here.
            app.state.gateway = gateway
            return gateway

        # Tests refresh it themselves; with a poll interval, a task refreshes it in the background.
        app.state.recomposer = recomposer = Recomposer(serve(composed), serve, sdl_client)
        rate_limiters["redis"] = RateLimiter.from_url(
            settings.redis_url,
            RateLimits(
                settings.rate_limit_per_viewer,
                settings.rate_limit_per_address,
                settings.rate_limit_window_seconds,
                settings.rate_limit_key_prefix,
            ),
        )
        identity_url = settings.identity_base_url()
        identity = (
            IdentityClient(identity_url, transport, settings.api_key_cache_seconds)
            if identity_url
            else None
        )
        if identity is not None:
            authenticators["viewer"] = Authenticator(identity, settings.viewer_context_secret)
        polling = (
            asyncio.create_task(recomposer.poll(settings.poll_interval_seconds))
            if settings.poll_interval_seconds > 0
            else None
        )
        try:
            yield
        finally:
            if polling is not None:
                polling.cancel()
                with suppress(asyncio.CancelledError):
                    await polling
            await sdl_client.aclose()
            await fetcher.close()
            await rate_limiters["redis"].close()
            if identity is not None:
                await identity.close()

    async def ready() -> None:
        if "gateway" not in state:
            raise RuntimeError("the supergraph is not composed yet")

    app = FastAPI(
        title="CodeAtlas gateway",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        # The gateway opens its own server span for /graphql (with the operation's name on
        # it); FastAPI's would be a second one for every request.
        telemetry={"tracing": False},
    )
    app.include_router(health_router({"supergraph": ready}))
    allow_origins(app, settings.cors_allowed_origins)

    async def forwarded_for(request: Request, media_type: str) -> ForwardedHeaders | Response:
        """The headers each subgraph fetch carries; a Response when the credential is refused
        or the client has sent too many requests."""
        forwarded = forwarded_headers(request.headers, settings.forwarded_headers)
        address = request.client.host if request.client else None
        authenticator = authenticators.get("viewer")
        viewer: Viewer | None = None
        if authenticator is not None:
            try:
                viewer = await authenticator.viewer_of(request.headers, address)
            except AuthenticationFailed as failed:
                return _request_error(str(failed), media_type, failed.status, failed.code)
        limited = await rate_limiters["redis"].admit(viewer, address)
        if limited is not None:
            return _too_many_requests(limited, media_type)
        if authenticator is None or viewer is None:
            return lambda: forwarded
        signed_for = viewer
        return lambda: {**forwarded, VIEWER_HEADER: authenticator.signed(signed_for)}

    async def outcome_of(request: Request, media_type: str) -> Outcome | Response:
        """The request read, authenticated and executed; a Response when it is refused."""
        try:
            if request.method == "GET":
                params: dict[str, Any] = dict(request.query_params)
            else:
                params = await _read_post(request, settings.max_body_bytes)
            graphql_request = _from_params(params, persisted)
        except _BadRequest as bad:
            return _request_error(str(bad), media_type, bad.status, bad.code)
        except PersistedQueryRefused as refused:
            return _request_error(str(refused), media_type, refused.status, refused.code)
        request.state.operation_name = graphql_request.operation_name
        if graphql_request.operation_name:
            trace.get_current_span().set_attribute(
                "graphql.operation.name", graphql_request.operation_name
            )
        forwarded = await forwarded_for(request, media_type)
        if isinstance(forwarded, Response):
            return forwarded
        outcome = await state["gateway"].execute(
            graphql_request, forwarded, read_only=request.method == "GET"
        )
        request.state.has_errors = bool(outcome.body.get("errors"))
        return outcome

    async def graphql(request: Request) -> Response:
        started = time.perf_counter()
        response = await answer(request)
        if not isinstance(response, HTMLResponse):
            record_request(
                getattr(request.state, "operation_name", None),
                response.status_code,
                getattr(request.state, "has_errors", False),
                time.perf_counter() - started,
            )
        return response

    async def answer(request: Request) -> Response:
        accept = request.headers.get("accept")
        if (
            request.method == "GET"
            and "query" not in request.query_params
            and accept
            and ("text/html" in accept)
        ):
            return HTMLResponse(GRAPHIQL_HTML)
        streams = accepts_event_stream(accept)
        media_type = negotiate(accept)
        if media_type is None and not streams:
            return _request_error(
                f"Ask for {GRAPHQL_RESPONSE}, {JSON} or {EVENT_STREAM} in the Accept header.",
                JSON,
                406,
            )
        # What is refused before any stream opens is answered in JSON, as for a query.
        answer_type = media_type or GRAPHQL_RESPONSE
        parent = propagate.extract(dict(request.headers))
        with tracer.start_as_current_span(
            f"{request.method} /graphql", context=parent, kind=trace.SpanKind.SERVER
        ):
            outcome = await outcome_of(request, answer_type)
            trace_context = otel_context.get_current()
        if isinstance(outcome, Response):
            return outcome
        if outcome.method_not_allowed:
            response = _respond(outcome.body, 405, answer_type)
            response.headers["allow"] = "POST"
            return response
        if outcome.events is not None:
            if streams:
                return event_stream(outcome.events, trace_context)
            return _request_error(NEEDS_EVENT_STREAM, answer_type, 406, EVENT_STREAM_REQUIRED)
        if media_type is None and not outcome.request_error:
            return event_stream(one_body(outcome.body), trace_context)
        return _respond(
            outcome.body, status_for(answer_type, request_error=outcome.request_error), answer_type
        )

    async def supergraph_sdl(_: Request) -> Response:
        return PlainTextResponse(print_supergraph(state["gateway"].supergraph))

    app.add_route("/graphql", graphql, methods=["GET", "POST"])
    app.add_route("/supergraph.graphql", supergraph_sdl, methods=["GET"])
    return app
