"""Password rules and argon2id hashes."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_PASSWORD_LENGTH = 10
# Long enough for any passphrase, short enough that hashing one stays cheap.
MAX_PASSWORD_LENGTH = 1024

_HASHER = PasswordHasher()


class WeakPassword(ValueError):
    """A password an account cannot be registered with; the message says why."""


def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword(f"A password needs at least {MIN_PASSWORD_LENGTH} characters.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise WeakPassword(f"A password can have at most {MAX_PASSWORD_LENGTH} characters.")
    if not password.strip():
        raise WeakPassword("A password cannot be only spaces.")


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


@cache
def _decoy_hash() -> str:
    return _HASHER.hash("a password no account has")


def password_matches(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` is the one hashed; without a hash, as slow as with one, so that
    the time taken does not tell whether an email has an account."""
    if len(password) > MAX_PASSWORD_LENGTH:
        return False
    try:
        return _HASHER.verify(password_hash or _decoy_hash(), password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False
