"""Telling a request's credentials apart before they are verified."""

from __future__ import annotations

import pytest

from gateway.auth.credentials import (
    Credential,
    CredentialKind,
    MalformedCredential,
    credential_of,
)

pytestmark = pytest.mark.unit

JWT = "eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"
GUEST = "guest.6f1c2a9e-4b7d-4c1e-9a53-0d2e8f7b6a41.1790000000." + "a" * 43


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"authorization": f"Bearer {JWT}"}, Credential(CredentialKind.ACCESS_TOKEN, JWT)),
        ({"authorization": f"bearer  {GUEST} "}, Credential(CredentialKind.GUEST_TOKEN, GUEST)),
        ({"x-guest-token": GUEST}, Credential(CredentialKind.GUEST_TOKEN, GUEST)),
        ({"x-api-key": "ca_live_abc"}, Credential(CredentialKind.API_KEY, "ca_live_abc")),
        (
            {"authorization": "Bearer ca_live_abc"},
            Credential(CredentialKind.API_KEY, "ca_live_abc"),
        ),
    ],
)
def test_each_kind_of_credential_is_recognised(
    headers: dict[str, str], expected: Credential
) -> None:
    assert credential_of(headers) == expected


@pytest.mark.parametrize(
    "headers",
    [{}, {"authorization": "Bearer dev-editor-token"}, {"authorization": "Basic dXNlcg=="}],
)
def test_no_credential_or_a_service_token_names_no_viewer(headers: dict[str, str]) -> None:
    assert credential_of(headers) is None


def test_a_key_header_wins_over_the_authorization_header() -> None:
    headers = {"x-api-key": "ca_live_abc", "authorization": f"Bearer {JWT}"}
    assert credential_of(headers) == Credential(CredentialKind.API_KEY, "ca_live_abc")


def test_a_credential_too_long_to_be_ours_is_refused() -> None:
    with pytest.raises(MalformedCredential, match="too long"):
        credential_of({"authorization": "Bearer " + "a.b." + "c" * 5000})
