"""GraphQL-over-HTTP: which media type to answer with, and which status code it implies."""

from __future__ import annotations

from atlaskit.sse import EVENT_STREAM

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"


def _offered(accept: str) -> list[str]:
    return [part.split(";")[0].strip().lower() for part in accept.split(",")]


def negotiate(accept: str | None) -> str | None:
    """The response media type for an Accept header; None when neither is acceptable."""
    if not accept:
        return JSON
    offered = _offered(accept)
    if GRAPHQL_RESPONSE in offered:
        return GRAPHQL_RESPONSE
    if JSON in offered:
        return JSON
    if "*/*" in offered or "application/*" in offered:
        return GRAPHQL_RESPONSE
    return None


def accepts_event_stream(accept: str | None) -> bool:
    """Whether the client asks for server-sent events by name, as a subscription must (a
    client that sends ``*/*`` may not know that it would get a stream)."""
    return bool(accept) and EVENT_STREAM in _offered(accept or "")


def status_for(media_type: str, *, request_error: bool) -> int:
    """With application/json every well-formed request gets 200 (the spec's legacy rule);
    with application/graphql-response+json a request that could not execute gets 400."""
    if request_error and media_type == GRAPHQL_RESPONSE:
        return 400
    return 200
