"""Bad input through the gateway: a stable extensions.code and the right HTTP status."""

from __future__ import annotations

import pytest
from e2e_client import GatewayClient

pytestmark = pytest.mark.e2e


def test_malformed_graphql_is_a_400_parse_failure(gateway: GatewayClient) -> None:
    status, body = gateway.post('{ code(system: HCPCS, code: "K0001" { title } }')
    assert status == 400
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    assert "data" not in body


def test_an_unknown_field_is_a_400_validation_failure(gateway: GatewayClient) -> None:
    status, body = gateway.post('{ code(system: HCPCS, code: "K0001") { price } }')
    assert status == 400
    error = body["errors"][0]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "price" in error["message"]


def test_an_unknown_code_is_not_found_with_its_path(gateway: GatewayClient) -> None:
    status, body = gateway.post('{ code(system: HCPCS, code: "K9999") { title } }')
    assert status == 200
    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert error["path"] == ["code"]
    assert "K9999" in error["message"]


def test_a_malformed_code_is_bad_user_input(gateway: GatewayClient) -> None:
    status, body = gateway.post('{ code(system: HCPCS, code: "not-a-code") { title } }')
    assert status == 200
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_a_wrong_variable_type_is_a_400_bad_user_input(gateway: GatewayClient) -> None:
    status, body = gateway.post(
        "query($code: String!) { code(system: HCPCS, code: $code) { title } }", {"code": 42}
    )
    assert status == 400
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "$code" in body["errors"][0]["message"]


def test_a_bad_search_is_bad_user_input_not_a_500(gateway: GatewayClient) -> None:
    status, body = gateway.post('{ search(query: "   ") { totalCount } }')
    assert status == 200
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
