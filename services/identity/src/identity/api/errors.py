"""What a client is told when something it asked for cannot be done, the same over GraphQL
and REST: a stable code and a sentence."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from atlaskit.errors import AtlasError, BadUserInput, NotFound, Unauthenticated
from atlaskit.viewer import InvalidViewerContext
from identity.adapters.login_attempts import SignInUnavailable
from identity.domain.accounts import (
    EmailTaken,
    GuestAlreadyRegistered,
    InvalidEmail,
    NoSuchAccount,
    UnknownPlan,
)
from identity.domain.api_keys import InvalidApiKeyRequest
from identity.domain.guest_tokens import InvalidToken
from identity.domain.login_limits import LoginThrottled
from identity.domain.passwords import WeakPassword
from identity.domain.refresh_tokens import RefreshRefused
from identity.partners import InvalidApiKey, NoSuchApiKey
from identity.sessions import WrongCredentials

log = logging.getLogger(__name__)

RATE_LIMITED = "RATE_LIMITED"
SIGN_IN_UNAVAILABLE = "SIGN_IN_UNAVAILABLE"
SIGN_IN_UNAVAILABLE_MESSAGE = "Signing in is not possible right now; try again in a moment."
SIGN_IN_FIRST = "Only a signed-in account can do this; sign in first."

BAD_INPUT = (
    InvalidEmail,
    WeakPassword,
    EmailTaken,
    GuestAlreadyRegistered,
    InvalidApiKeyRequest,
    UnknownPlan,
)
NOT_AUTHENTICATED = (WrongCredentials, RefreshRefused, InvalidToken, InvalidApiKey)
MISSING = (NoSuchApiKey, NoSuchAccount)


@contextmanager
def told_to_client() -> Iterator[None]:
    """Turns the failures a client can cause into errors it is told about as they are."""
    try:
        yield
    except BAD_INPUT as exc:
        raise BadUserInput(str(exc)) from exc
    except NOT_AUTHENTICATED as exc:
        raise Unauthenticated(str(exc)) from exc
    except MISSING as exc:
        raise NotFound(str(exc)) from exc
    except InvalidViewerContext as exc:
        raise Unauthenticated(SIGN_IN_FIRST) from exc
    except LoginThrottled as exc:
        raise AtlasError(RATE_LIMITED, str(exc), retryAfterSeconds=exc.retry_after_seconds) from exc
    except SignInUnavailable as exc:
        log.warning("sign-in counters unavailable: %s", exc)
        raise AtlasError(SIGN_IN_UNAVAILABLE, SIGN_IN_UNAVAILABLE_MESSAGE) from exc
