"""Emails, passwords and plans an account can have."""

from __future__ import annotations

import pytest

from identity.domain.accounts import (
    InvalidEmail,
    UnknownPlan,
    account_plan,
    canonical_email,
    normalize_email,
)
from identity.domain.passwords import (
    WeakPassword,
    check_new_password,
    hash_password,
    password_matches,
)

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("typed", "normalized"),
    [
        ("coder@example.com", "coder@example.com"),
        ("  Coder@Example.COM \n", "coder@example.com"),
        ("first.last+billing@clinic.example.org", "first.last+billing@clinic.example.org"),
        ("o'neil@xn--bcher-kva.example", "o'neil@xn--bcher-kva.example"),
    ],
)
def test_an_email_is_trimmed_and_lower_cased(typed: str, normalized: str) -> None:
    assert normalize_email(typed) == normalized


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "coder",
        "coder@",
        "@example.com",
        "coder@example",
        "coder@@example.com",
        "co der@example.com",
        ".coder@example.com",
        "co..der@example.com",
        "coder@-example.com",
        "coder@example.c0m-",
        "coder@exämple.com",
        f"{'a' * 65}@example.com",
        f"coder@{'a' * 250}.com",
    ],
)
def test_anything_else_is_not_an_email(typed: str) -> None:
    with pytest.raises(InvalidEmail, match=r"name@example\.com"):
        normalize_email(typed)


def test_sign_in_finds_accounts_by_the_same_canonical_form() -> None:
    assert canonical_email(" Coder@Example.com ") == normalize_email("coder@example.com")


def test_an_account_is_on_free_or_pro() -> None:
    assert account_plan("pro") == "pro"
    for name in ("guest", "partner", "gold", "Pro"):
        with pytest.raises(UnknownPlan, match="plans are free, pro"):
            account_plan(name)


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("", "at least 10 characters"),
        ("123456789", "at least 10 characters"),
        (" " * 12, "only spaces"),
        ("x" * 1025, "at most 1024 characters"),
    ],
)
def test_a_weak_password_is_refused_with_the_reason(password: str, reason: str) -> None:
    with pytest.raises(WeakPassword, match=reason):
        check_new_password(password)


def test_ten_characters_are_enough() -> None:
    check_new_password("0123456789")
    check_new_password("correct horse battery staple")


def test_a_password_is_hashed_with_argon2id_and_checked() -> None:
    hashed = hash_password("correct horse battery staple")
    assert hashed.startswith("$argon2id$")
    assert "correct horse" not in hashed
    assert password_matches(hashed, "correct horse battery staple")
    assert not password_matches(hashed, "correct horse battery stapler")


def test_without_a_hash_or_with_a_broken_one_nothing_matches() -> None:
    assert not password_matches(None, "a password no account has")
    assert not password_matches("not-a-hash", "whatever you like")
    assert not password_matches(hash_password("x" * 1024), "x" * 1025)
