"""Partner API keys: shown once, kept as a digest, named and scoped."""

from __future__ import annotations

import hashlib

import pytest

from identity.domain.api_keys import (
    InvalidApiKeyRequest,
    api_key_name,
    api_key_scopes,
    is_api_key_shaped,
    issue_api_key,
)

pytestmark = pytest.mark.unit


def test_a_key_is_live_random_and_kept_as_its_digest() -> None:
    issued = issue_api_key()
    assert issued.key.startswith("ca_live_")
    assert is_api_key_shaped(issued.key)
    assert issued.key != issue_api_key().key
    assert issued.key_hash == hashlib.sha256(issued.key.encode()).hexdigest()
    assert issued.display_prefix == issued.key[:12]


@pytest.mark.parametrize(
    "key",
    ["", "ca_live_", "ca_test_" + "a" * 43, "ca_live_" + "a" * 42, "ca_live_" + "é" * 43],
)
def test_anything_else_is_not_shaped_like_a_key(key: str) -> None:
    assert not is_api_key_shaped(key)


def test_a_name_is_tidied_and_bounded() -> None:
    assert api_key_name("  Billing   export ") == "Billing export"
    for bad in ("", "   ", "x" * 101):
        with pytest.raises(InvalidApiKeyRequest, match="a name of 1 to 100 characters"):
            api_key_name(bad)


def test_scopes_are_kept_once_in_order() -> None:
    assert api_key_scopes(["codes:read", " search:read", "codes:read"]) == [
        "codes:read",
        "search:read",
    ]


@pytest.mark.parametrize(
    ("scopes", "reason"),
    [
        ([], "at least one scope"),
        (["Codes:Read"], "lower-case word"),
        (["codes read"], "lower-case word"),
        (["x" * 65], "lower-case word"),
        ([f"scope{i}" for i in range(21)], "at most 20 scopes"),
    ],
)
def test_bad_scopes_are_refused_with_the_reason(scopes: list[str], reason: str) -> None:
    with pytest.raises(InvalidApiKeyRequest, match=reason):
        api_key_scopes(scopes)
