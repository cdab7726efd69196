"""Which of a client's headers reach the subgraphs.

Only the headers named in ``GATEWAY_FORWARDED_HEADERS`` are passed on, and some never are,
whatever that setting says: cookies, the viewer context (the gateway signs its own), and the
headers that describe the client's own connection or body. Trace context is not copied
either: each fetch carries the gateway's own span, a child of the client's.

``authorization`` is passed on only when it carries no viewer credential: an access token, a
guest token or an API key is read by the gateway and replaced by the signed viewer context,
while a service's own bearer token (the catalog's editor token) is for the subgraph to check.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from atlaskit.viewer import VIEWER_HEADER
from gateway.auth.credentials import MalformedCredential, credential_of

NEVER_FORWARDED = frozenset(
    {
        "cookie",
        VIEWER_HEADER,
        "x-api-key",
        "x-guest-token",
        "host",
        "connection",
        "content-length",
        "content-type",
        "accept",
        "accept-encoding",
        "transfer-encoding",
        "traceparent",
        "tracestate",
    }
)
AUTHORIZATION = "authorization"


def forwarded_headers(headers: Mapping[str, str], allowed: Iterable[str]) -> dict[str, str]:
    """The client headers a subgraph fetch carries."""
    forwarded = {}
    for name in (n.lower() for n in allowed):
        value = headers.get(name)
        if value is None or name in NEVER_FORWARDED:
            continue
        if name == AUTHORIZATION and _is_viewer_credential(value):
            continue
        forwarded[name] = value
    return forwarded


def _is_viewer_credential(authorization: str) -> bool:
    try:
        return credential_of({AUTHORIZATION: authorization}) is not None
    except MalformedCredential:
        return True
