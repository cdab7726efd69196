"""The guard every answer passes before it is returned: each code-like token in its words
must be a code the catalog holds, a code the question itself named, or a quotation from the
sources the answer cites. Anything else would be an invented code, so the answer is dropped
for "I don't know"."""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.domain.answers import Answer, ungrounded
from atlaskit.coding import code_like_tokens


def tokens_to_check(answer: Answer, question: str) -> list[str]:
    """The tokens only the catalog can vouch for: not named by the question, not quoted."""
    vouched = set(code_like_tokens(question))
    for text in answer.evidence:
        vouched.update(code_like_tokens(text))
    vouched.update(c.code.upper() for c in answer.citations if c.system is None)
    return [token for token in code_like_tokens(answer.text) if token not in vouched]


def guarded(answer: Answer, unchecked: list[str], known: Iterable[str]) -> Answer:
    """``answer`` when every unchecked token is a known catalog code, else "I don't know"."""
    missing = set(unchecked) - set(known)
    return ungrounded(answer.tools_used) if missing else answer


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def rephrasing_keeps_to_the_facts(grounded: Answer, phrased: str, question: str) -> bool:
    """A model's rewording may name only the codes and numbers that the grounded answer, its
    sources or the question name: a real code it brings in is still not a fact the answer
    rests on, and a changed fee or unit count is a wrong one."""
    sources = (question, grounded.text, *grounded.evidence)
    codes = {token for text in sources for token in code_like_tokens(text)}
    numbers = {number for text in sources for number in _NUMBER.findall(text)}
    return set(code_like_tokens(phrased)) <= codes and set(_NUMBER.findall(phrased)) <= numbers
