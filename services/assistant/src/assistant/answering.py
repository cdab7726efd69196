"""Answers a question: read what it asks, look the code up in the read model, compose."""

from __future__ import annotations

from assistant.adapters import facts
from assistant.adapters.facts import Database
from assistant.domain.answers import Answer, decline_without_code, describe_code
from assistant.domain.questions import CodeLookup, read_intent


async def answer_question(db: Database, question: str) -> Answer:
    intent = read_intent(question)
    if not isinstance(intent, CodeLookup):
        return decline_without_code()
    fact = await facts.find_fact(db, intent.system, intent.code)
    return describe_code(intent, fact)
