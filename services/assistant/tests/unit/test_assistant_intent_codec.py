"""A thread's last intent survives a round trip through JSON."""

from __future__ import annotations

import json
from datetime import date

import pytest

from assistant.domain.intent_codec import UnreadableIntent, dump_intent, load_intent
from assistant.domain.intents import (
    CodeLookup,
    CompareCodes,
    CoverageLookup,
    Intent,
    NcciPair,
    NoCodeAsked,
    PageFact,
    PageFactLookup,
)
from atlaskit.coding import CodeSystem

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "intent",
    [
        NcciPair(("29880", "29881"), date(2024, 9, 1), "59"),
        PageFactLookup(CodeLookup(CodeSystem.CPT, "97110"), PageFact.MUE, None),
        CompareCodes(
            (CodeLookup(CodeSystem.ICD10CM, "E11.9"), CodeLookup(CodeSystem.ICD10CM, "E11.65"))
        ),
        CoverageLookup("vitamin d", None, CodeLookup(CodeSystem.CPT, "82306")),
        NoCodeAsked(),
    ],
)
def test_an_intent_round_trips(intent: Intent) -> None:
    assert load_intent(json.loads(json.dumps(dump_intent(intent)))) == intent


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(UnreadableIntent):
        load_intent({"kind": "Nonsense"})
