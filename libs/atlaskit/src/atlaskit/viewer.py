"""The viewer context: who is asking, as the gateway established it, signed for subgraphs.

The gateway authenticates a bearer access token, an API key or a guest token, then sends
every subgraph fetch the header ``x-codeatlas-viewer``: ``v1.<payload>.<signature>``, where
the payload is base64url JSON and the signature an HMAC-SHA256 over it with the secret the
gateway and the subgraphs share (``CODEATLAS_VIEWER_CONTEXT_SECRET``). A subgraph serves
nothing gated without a valid, unexpired context; a forged or stale one is refused.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from enum import Enum

VIEWER_HEADER = "x-codeatlas-viewer"
VERSION = "v1"
# Long enough for one operation's fetches, short enough that a leaked header soon expires.
LIFETIME = timedelta(seconds=60)
MAX_HEADER_LENGTH = 2048

_HEADER = re.compile(rf"^{VERSION}\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{{43}})$", re.ASCII)


class ViewerKind(Enum):
    ANONYMOUS = "anonymous"  # no credential: sees public fields only, nothing is metered
    GUEST = "guest"
    ACCOUNT = "account"
    PARTNER = "partner"
    # A CodeAtlas service reading for its own product (CasePilot grounding an answer): never
    # signed by the gateway for a client, and not metered as page views (CasePilot meters
    # questions instead).
    SERVICE = "service"


class InvalidViewerContext(ValueError):
    """A viewer context that is missing, malformed, forged or expired."""


ANONYMOUS_PLAN = "none"

# What every service says when code pages cannot be metered, or the viewer is not the
# gateway's: the quota service over REST and GraphQL, the catalog on a locked section.
METERING_UNAVAILABLE = "METERING_UNAVAILABLE"
METERING_UNAVAILABLE_MESSAGE = (
    "Code page views cannot be metered right now, so gated content is not served;"
    " try again in a moment."
)
# What the quota service and the assistant say of CasePilot questions: a plan's daily limit
# reached (the answer carries it, not an error), or questions that cannot be counted now.
QUESTION_LIMIT_REACHED = "QUESTION_LIMIT_REACHED"
QUESTIONS_UNMETERED_MESSAGE = (
    "CasePilot questions cannot be counted right now, so none can be answered;"
    " try again in a moment."
)
GATEWAY_ONLY = "Code pages are metered per viewer: ask through the CodeAtlas gateway."


def unauthenticated_message(problem: str) -> str:
    """``problem``: why the viewer context was refused, as a sentence."""
    return f"{problem} {GATEWAY_ONLY}"


@dataclass(frozen=True)
class Viewer:
    viewer_id: str  # whose views are counted; an account keeps the id it had as a guest
    kind: ViewerKind
    plan: str  # a plan name of the quota service's configuration
    account_id: str | None = None
    api_key_id: str | None = None
    address: str | None = None  # the client's address as the gateway saw it


def _sign(secret: str, payload: str) -> str:
    digest = hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def sign_viewer(secret: str, viewer: Viewer, now: datetime) -> str:
    """The header value for ``viewer``, valid for ``LIFETIME`` from ``now``."""
    body = {**asdict(viewer), "kind": viewer.kind.value, "exp": int((now + LIFETIME).timestamp())}
    raw = json.dumps(body, separators=(",", ":"), sort_keys=True).encode()
    payload = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    return f"{VERSION}.{payload}.{_sign(secret, payload)}"


def verify_viewer(secret: str, header: str | None, now: datetime) -> Viewer:
    """The viewer a header names, if the gateway signed it and it has not expired."""
    if not header:
        raise InvalidViewerContext("The request carries no viewer context.")
    parsed = _HEADER.match(header) if len(header) <= MAX_HEADER_LENGTH else None
    if parsed is None:
        raise InvalidViewerContext("The viewer context is not in the gateway's format.")
    payload, signature = parsed.groups()
    if not hmac.compare_digest(signature, _sign(secret, payload)):
        raise InvalidViewerContext("The viewer context's signature does not match.")
    try:
        body = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        expires = int(body.pop("exp"))
        viewer = Viewer(**{**body, "kind": ViewerKind(body["kind"])})
    except (binascii.Error, ValueError, KeyError, TypeError) as exc:
        raise InvalidViewerContext("The viewer context cannot be read.") from exc
    if expires <= now.timestamp():
        raise InvalidViewerContext("The viewer context has expired.")
    return viewer


SERVICE_PLAN = "service"


def service_viewer(name: str) -> Viewer:
    """The viewer a CodeAtlas service signs for its own reads (``service_viewer("assistant")``)."""
    return Viewer(f"service:{name}", ViewerKind.SERVICE, SERVICE_PLAN)


def anonymous(address: str | None) -> Viewer:
    """A request without a credential: no viewer id, but its address (for rate limits)."""
    return Viewer("", ViewerKind.ANONYMOUS, ANONYMOUS_PLAN, address=address)
