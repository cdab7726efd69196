"""Accounts: an email, a password, a plan, and the viewer id whose views are counted."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

FREE_PLAN = "free"
PRO_PLAN = "pro"
ACCOUNT_PLANS = (FREE_PLAN, PRO_PLAN)
ACCOUNT_KIND = "account"

MAX_EMAIL_LENGTH = 254
_ATOM = r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_EMAIL = re.compile(
    rf"(?P<local>{_ATOM}(?:\.{_ATOM})*)@{_LABEL}(?:\.{_LABEL})*\.[a-z](?:[a-z0-9-]{{0,61}}[a-z0-9])?",
    re.ASCII,
)


class InvalidEmail(ValueError):
    """Not something an email can be sent to."""


class UnknownPlan(ValueError):
    """A plan an account cannot be on."""


class EmailTaken(ValueError):
    def __init__(self) -> None:
        super().__init__("An account with this email already exists.")


class GuestAlreadyRegistered(ValueError):
    def __init__(self) -> None:
        super().__init__(
            "This guest identity already belongs to an account; sign in to that account instead."
        )


class NoSuchAccount(LookupError):
    def __init__(self) -> None:
        super().__init__("There is no account with this email.")


@dataclass(frozen=True)
class Account:
    id: str
    email: str
    plan: str
    viewer_id: str
    created_at: datetime


def canonical_email(raw: str) -> str:
    """The form accounts are found by: no surrounding spaces, lower case."""
    return raw.strip().lower()


def normalize_email(raw: str) -> str:
    """The canonical email, if it is one an account can be registered with."""
    email = canonical_email(raw)
    parsed = _EMAIL.fullmatch(email) if len(email) <= MAX_EMAIL_LENGTH else None
    if parsed is None or len(parsed["local"]) > 64:
        raise InvalidEmail("This is not an email address; one looks like name@example.com.")
    return email


def account_plan(name: str) -> str:
    if name not in ACCOUNT_PLANS:
        known = ", ".join(ACCOUNT_PLANS)
        raise UnknownPlan(f"An account cannot be on a plan named {name!r}; plans are {known}.")
    return name
