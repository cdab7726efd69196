"""Search and type-ahead through the gateway over the full index: catalog titles on every
result, filters, bad input told clearly, and a query event for every search."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer
from e2e_client import GatewayClient

from atlaskit.events.topics import SEARCH_QUERIES
from devstack.stack import RunningStack

pytestmark = pytest.mark.e2e

SEARCH = """
query Search($query: String!, $systems: [CodeSystem!], $billableOnly: Boolean! = false,
             $asOf: Date, $first: Int) {
  search(query: $query, systems: $systems, billableOnly: $billableOnly, asOf: $asOf,
         first: $first) {
    totalCount correctedQuery
    edges { snippet node { system code title billable status } }
  }
}
"""
AUTOCOMPLETE = """
query Suggest($prefix: String!, $systems: [CodeSystem!]) {
  autocomplete(prefix: $prefix, systems: $systems, limit: 5) {
    label highlighted node { system code title }
  }
}
"""


def _search(gateway: GatewayClient, query: str, **variables: Any) -> dict[str, Any]:
    status, body = gateway.post(SEARCH, {"query": query, **variables})
    assert status == 200 and "errors" not in body, body
    result: dict[str, Any] = body["data"]["search"]
    return result


def _codes(result: dict[str, Any]) -> list[str]:
    return [edge["node"]["code"] for edge in result["edges"]]


def test_a_lay_term_finds_the_clinical_code_with_its_catalog_title(
    gateway: GatewayClient,
) -> None:
    result = _search(gateway, "heart attack")
    first = result["edges"][0]
    assert first["node"]["system"] == "ICD10CM" and first["node"]["code"].startswith("I21")
    assert "myocardial infarction" in first["node"]["title"].lower()
    assert "<mark>" in first["snippet"] and result["totalCount"] >= 10


@pytest.mark.parametrize("query", ["K92.2", "k922", "k92 2"])
def test_a_code_in_any_format_is_the_first_result(gateway: GatewayClient, query: str) -> None:
    result = _search(gateway, query)
    assert result["edges"][0]["node"] == {
        "system": "ICD10CM",
        "code": "K92.2",
        "title": "Gastrointestinal hemorrhage, unspecified",
        "billable": True,
        "status": "ACTIVE",
    }


def test_a_range_and_a_wildcard_list_cpt_codes_in_order(gateway: GatewayClient) -> None:
    ranged = _search(gateway, "95860-95872", first=50)
    assert _codes(ranged)[0] == "95860" and _codes(ranged)[-1] == "95872"
    assert _codes(ranged) == sorted(_codes(ranged)) and ranged["totalCount"] == len(ranged["edges"])
    assert all(code.startswith("9587") for code in _codes(_search(gateway, "9587*")))


def test_filters_reach_the_index(gateway: GatewayClient) -> None:
    cpt = _search(gateway, "needle emg", systems=["CPT"])
    assert cpt["edges"] and {e["node"]["system"] for e in cpt["edges"]} == {"CPT"}
    billable = _search(gateway, "E11.", billableOnly=True, first=20)
    assert billable["edges"] and all(e["node"]["billable"] for e in billable["edges"])
    assert "E11" not in _codes(billable)
    # ICD-10-CM took effect in the US in 2015; HCPCS codes for diabetic supplies are older.
    before_icd10 = _search(gateway, "diabetes", asOf="2001-01-01", first=50)
    assert before_icd10["totalCount"] > 0
    assert "ICD10CM" not in {e["node"]["system"] for e in before_icd10["edges"]}
    assert _search(gateway, "diabetes", systems=["ICD10CM"], asOf="2001-01-01")["edges"] == []


def test_a_misspelling_is_corrected_and_said(gateway: GatewayClient) -> None:
    result = _search(gateway, "conjunctivits")
    assert result["correctedQuery"] == "conjunctivitis"
    assert result["edges"][0]["node"]["code"].startswith("H10")


def test_type_ahead_completes_a_word_and_a_code(gateway: GatewayClient) -> None:
    status, body = gateway.post(AUTOCOMPLETE, {"prefix": "wheelch", "systems": ["HCPCS"]})
    assert status == 200 and "errors" not in body, body
    suggestions = body["data"]["autocomplete"]
    assert len(suggestions) == 5
    assert all("wheelchair" in s["label"].lower() for s in suggestions)
    assert all(s["node"]["title"] == s["label"] for s in suggestions)
    status, body = gateway.post(AUTOCOMPLETE, {"prefix": "E11.6"})
    [first, *_] = body["data"]["autocomplete"]
    assert first["node"]["code"] == "E11.6" and first["highlighted"] == "<mark>E11.6</mark>"


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"query": ""}, "needs a code or at least one word"),
        ({"query": "x" * 10_240}, "at most 500 characters"),
        ({"query": "?!.,;:%%"}, "punctuation alone matches nothing"),
        ({"query": "*"}, "at least one character of a code"),
        ({"query": "wheelchair", "first": 1000}, "between 1 and 100"),
    ],
)
def test_bad_searches_are_bad_user_input_with_a_sentence(
    gateway: GatewayClient, variables: dict[str, Any], message: str
) -> None:
    status, body = gateway.post(SEARCH, variables)
    assert status == 200
    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert message in error["message"] and error["message"].endswith(".")


@pytest.mark.parametrize(
    "query",
    [
        "'; DROP TABLE indexed_codes; --",
        "wheelchair' OR 1=1 --",
        "!(wheelchair) & | <-> :* \\",
        '" OR "" = "',
        "E11%",
    ],
)
def test_sql_and_query_syntax_are_searched_as_words(gateway: GatewayClient, query: str) -> None:
    status, body = gateway.post(SEARCH, {"query": query})
    assert status == 200 and "errors" not in body, body
    assert _search(gateway, "K0001")["edges"][0]["node"]["code"] == "K0001"


async def _query_events(stack: RunningStack, wanted: str) -> list[dict[str, Any]]:
    prefix = stack.env.get("KAFKA_TOPIC_PREFIX", "codeatlas")
    reader = AIOKafkaConsumer(
        f"{prefix}.{SEARCH_QUERIES}",
        bootstrap_servers=stack.infra.kafka_bootstrap_servers,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await reader.start()
    found: list[dict[str, Any]] = []
    try:
        for _ in range(60):
            batches = await reader.getmany(timeout_ms=500)
            for records in batches.values():
                for record in records:
                    assert record.value is not None
                    event = json.loads(record.value)
                    if event["data"]["query"] == wanted:
                        found.append(event)
            if found:
                break
    finally:
        await reader.stop()
    return found


async def test_every_search_sends_a_query_event_with_its_result_count(
    gateway: GatewayClient, stack: RunningStack
) -> None:
    nothing = f"qqzx{uuid.uuid4().hex[:8]} vvbnm"
    result = await asyncio.to_thread(_search, gateway, nothing)
    assert result["totalCount"] == 0
    [event] = await _query_events(stack, nothing)
    assert event["type"] == "search.query.performed"
    assert event["data"]["resultCount"] == 0 and event["data"]["kind"] == "words"


def test_searches_that_found_nothing_can_be_reviewed(gateway: GatewayClient) -> None:
    nothing = f"qqzv{uuid.uuid4().hex[:8]} unfindable"
    assert _search(gateway, nothing)["totalCount"] == 0
    review = "{ zeroResultSearches(first: 100) { query searches zeroResults } }"
    status, body = gateway.post(review)
    assert status == 200 and body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    deadline = time.monotonic() + 30
    listed: list[dict[str, Any]] = []
    while not listed and time.monotonic() < deadline:
        status, body = gateway.post(review, headers={"authorization": "Bearer dev-editor-token"})
        assert status == 200 and "errors" not in body, body
        listed = [s for s in body["data"]["zeroResultSearches"] if s["query"] == nothing]
        time.sleep(0.2)
    assert listed == [{"query": nothing, "searches": 1, "zeroResults": 1}]
