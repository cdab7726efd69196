"""CasePilot's evaluation: questions with the facts a right answer states (written from the
real CMS and CDC files, in tests/eval/casepilot_questions.toml), asked through the gateway,
scored for accuracy, citation validity and invented codes."""

from __future__ import annotations

import argparse
import re
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from atlaskit.coding import code_like_tokens, systems_matching
from devstack.clients import Accounts, GatewayClient

# casepilot_questions.toml was written with the answers' conventions in view;
# casepilot_heldout.toml was written without reading the assistant's code.
QUESTION_SETS = Path(__file__).resolve().parents[1] / "eval"
_REPEAT = re.compile(r"^@repeat:(.*):(\d+)$", re.DOTALL)
_URL = re.compile(r"https?://\S+", re.IGNORECASE)
# What each expectation needs of the answer's outcome.
OUTCOMES = {"answer": "ANSWERED", "not_in_catalog": "NOT_IN_CATALOG", "refusal": "DECLINED"}
CONTENT_RELEASES = frozenset({"CodeAtlas guidance", "CodeAtlas plain language"})
ASK = """mutation Ask($q: String!) {
  ask(question: $q) { text outcome citations { system code releaseId source } toolsUsed } }"""
CODE = """query Code($system: CodeSystem!, $code: String!) {
  code(system: $system, code: $code) { code } }"""
MODIFIER = "query Modifier($code: String!) { modifier(code: $code) { code } }"


@dataclass(frozen=True)
class Question:
    set: str  # the file it comes from
    id: str
    topic: str
    ask: str
    expect: str
    cites: tuple[str, ...]
    mentions: tuple[str, ...]
    absent: tuple[str, ...]


@dataclass
class Outcome:
    """One question as asked: the answer (or error code) and what was wrong with it."""

    question: Question
    answer: dict[str, Any] | None
    error_code: str | None
    problems: list[str] = field(default_factory=list)
    invented: list[str] = field(default_factory=list)
    citations: int = 0
    valid_citations: int = 0

    @property
    def correct(self) -> bool:
        return not self.problems


def load_questions(folder: Path = QUESTION_SETS) -> list[Question]:
    return [q for path in sorted(folder.glob("casepilot_*.toml")) for q in _questions(path)]


def _questions(path: Path) -> list[Question]:
    entries = tomllib.loads(path.read_text(encoding="utf-8"))["question"]
    return [
        Question(
            set=path.stem.removeprefix("casepilot_"),
            id=e["id"],
            topic=e["topic"],
            ask=_expanded(e["ask"]),
            expect=e["expect"],
            cites=tuple(e.get("cites", [])),
            mentions=tuple(e.get("mentions", [])),
            absent=tuple(e.get("absent", [])),
        )
        for e in entries
    ]


def _expanded(ask: str) -> str:
    """``@repeat:<text>:<n>``: the text repeated to n characters (an over-long question)."""
    repeat = _REPEAT.match(ask)
    if repeat is None:
        return ask
    text, length = repeat[1], int(repeat[2])
    return (text * (length // max(len(text), 1) + 1))[:length]


def code_like(text: str) -> list[str]:
    """Code-shaped tokens of the text, its links left out."""
    return code_like_tokens(_URL.sub(" ", text))


def _normal(text: str) -> str:
    return " ".join(text.lower().replace("\u2019", "'").split())


def score(outcome: Outcome, known_codes: set[str], known_releases: set[str]) -> Outcome:
    """Fills in the outcome's problems, invented codes and citation counts.

    ``known_codes``: every code-like token of the answer that the catalog holds. A token
    the question named, or the id of a cited guideline or document, is not an invention."""
    question, answer = outcome.question, outcome.answer
    if question.expect == "error":
        if outcome.error_code != "BAD_USER_INPUT":
            outcome.problems.append(
                f"expected BAD_USER_INPUT, got {outcome.error_code or 'an answer'}"
            )
        return outcome
    if answer is None:
        outcome.problems.append(f"expected an answer, got error {outcome.error_code}")
        return outcome
    text = _normal(answer["text"])
    if answer["outcome"] != OUTCOMES[question.expect]:
        outcome.problems.append(
            f"outcome {answer['outcome']}, expected {OUTCOMES[question.expect]}"
        )
    cited = {c["code"] for c in answer["citations"]}
    outcome.problems += [f"does not cite {code}" for code in question.cites if code not in cited]
    outcome.problems += [
        f'does not mention "{m}"' for m in question.mentions if _normal(m) not in text
    ]
    outcome.problems += [
        f"names {code}" for code in question.absent if code.upper() in code_like(answer["text"])
    ]
    asked = set(code_like(question.ask))
    asked |= {c["code"].upper() for c in answer["citations"] if c["system"] is None}
    outcome.invented = [
        t for t in code_like(answer["text"]) if t not in known_codes and t not in asked
    ]
    if outcome.invented:
        outcome.problems.append(f"names codes the catalog lacks: {', '.join(outcome.invented)}")
    for citation in answer["citations"]:
        outcome.citations += 1
        valid = _valid(citation, known_codes, known_releases)
        outcome.valid_citations += valid
        if not valid:
            outcome.problems.append(f"cites {citation} which the catalog does not hold")
    return outcome


def _valid(citation: dict[str, Any], known_codes: set[str], known_releases: set[str]) -> bool:
    release = citation["releaseId"]
    if citation["source"] == "codeatlas_content":
        return release in CONTENT_RELEASES
    if release not in known_releases:
        return False
    return citation["system"] is None or citation["code"] in known_codes


@dataclass(frozen=True)
class Report:
    outcomes: list[Outcome]

    @property
    def accuracy(self) -> float:
        return sum(o.correct for o in self.outcomes) / len(self.outcomes)

    @property
    def citation_validity(self) -> float:
        total = sum(o.citations for o in self.outcomes)
        return sum(o.valid_citations for o in self.outcomes) / total if total else 1.0

    @property
    def invented_code_rate(self) -> float:
        answered = [o for o in self.outcomes if o.answer is not None]
        return sum(bool(o.invented) for o in answered) / len(answered) if answered else 0.0

    def table(self) -> str:
        by_topic: dict[str, list[Outcome]] = defaultdict(list)
        for outcome in self.outcomes:
            by_topic[outcome.question.topic].append(outcome)
        lines = ["| topic | questions | correct | accuracy |", "|---|---:|---:|---:|"]
        for topic, outcomes in by_topic.items():
            right = sum(o.correct for o in outcomes)
            lines.append(f"| {topic} | {len(outcomes)} | {right} | {right / len(outcomes):.1%} |")
        by_set: dict[str, list[Outcome]] = defaultdict(list)
        for outcome in self.outcomes:
            by_set[outcome.question.set].append(outcome)
        for name, outcomes in sorted(by_set.items()):
            right = sum(o.correct for o in outcomes)
            lines.append(
                f"| *{name} set* | {len(outcomes)} | {right} | *{right / len(outcomes):.1%}* |"
            )
        right = sum(o.correct for o in self.outcomes)
        lines.append(f"| **all** | {len(self.outcomes)} | {right} | **{self.accuracy:.1%}** |")
        lines.append("")
        lines.append(
            f"citation validity {self.citation_validity:.1%}, invented-code rate"
            f" {self.invented_code_rate:.1%}"
        )
        return "\n".join(lines)

    def failures(self) -> str:
        wrong = [o for o in self.outcomes if not o.correct]
        kinds = Counter(o.question.topic for o in wrong)
        lines = [f"{len(wrong)} wrong ({dict(kinds)}):"]
        lines += [f"  {o.question.id}: {'; '.join(o.problems)}" for o in wrong]
        return "\n".join(lines)


def evaluate(asker: GatewayClient, gateway: GatewayClient, questions: list[Question]) -> Report:
    """Each question asked by ``asker`` (a plan with questions enough); what the answers
    name and cite is checked against the catalog through ``gateway``."""
    releases = {r["id"] for r in gateway.data("{ releases { id } }")["releases"]}
    found: dict[str, bool] = {}
    outcomes: list[Outcome] = []
    for question in questions:
        status, body = asker.post(ASK, {"q": question.ask})
        errors: list[dict[str, Any]] = body.get("errors") or []
        answer = (body.get("data") or {}).get("ask")
        code = (errors[0].get("extensions") or {}).get("code") if errors else None
        if status >= 500 or code == "INTERNAL_SERVER_ERROR":
            raise AssertionError(f"{question.id}: the service failed: {body}")
        tokens = code_like(answer["text"]) if answer else []
        tokens += [c["code"] for c in (answer or {}).get("citations", []) if c["system"]]
        known = {t for t in tokens if _exists(gateway, t, found)}
        outcomes.append(score(Outcome(question, answer, code), known, releases))
    return Report(outcomes)


def _exists(gateway: GatewayClient, token: str, found: dict[str, bool]) -> bool:
    """Whether the catalog holds the token as a code of any system, or as a modifier."""
    if token not in found:
        systems = [s.value for s in systems_matching(token)]
        found[token] = any(
            gateway.post(CODE, {"system": system, "code": token})[1].get("data") is not None
            for system in systems
        ) or (
            len(token) == 2 and gateway.post(MODIFIER, {"code": token})[1].get("data") is not None
        )
    return found[token]


def main() -> int:
    """Runs the evaluation against a running stack (``make run``) as a new pro account."""
    parser = argparse.ArgumentParser(description="CasePilot's evaluation against a stack.")
    parser.add_argument("--gateway", default="http://127.0.0.1:4000/graphql")
    parser.add_argument("--identity", default="http://127.0.0.1:4005")
    args = parser.parse_args()
    gateway = GatewayClient(args.gateway)
    accounts = Accounts(gateway, args.identity)
    report = evaluate(accounts.client(accounts.on_plan("pro")), gateway, load_questions())
    print(report.table())
    print(report.failures())
    return 0 if report.invented_code_rate == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
