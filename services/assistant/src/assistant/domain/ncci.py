"""What NCCI says about billing codes together, as the catalog's claim check found it, and
the answer that explains it. Every code and release in the words comes from the findings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from assistant.domain.answers import Answer, Citation
from atlaskit.coding import CodeSystem, systems_matching

NCCI_CHECK = "catalog.ncci_check"
NCCI_PTP_SOURCE = "ncci_ptp"

# What each modifier indicator means for the coder, beyond the catalog's short rule.
_INDICATOR_ADVICE = {
    0: "no modifier lets both be paid",
    1: (
        "a modifier such as 59 or XE, XS, XP or XU may allow both, but only when the"
        " documentation shows a separate encounter, site or procedure"
    ),
    9: "the edit does not apply",
}


@dataclass(frozen=True)
class PtpFinding:
    column1: str  # the code that is paid
    column2: str  # the code that is denied when both are billed
    modifier_indicator: int
    modifier_rule: str
    rationale: str
    deletion_date: date | None


@dataclass(frozen=True)
class PairFinding:
    codes: tuple[str, str]
    active: tuple[PtpFinding, ...]
    inactive: tuple[PtpFinding, ...]


@dataclass(frozen=True)
class NcciFindings:
    date_of_service: date
    ptp_release_id: str | None
    pairs: tuple[PairFinding, ...]


def explain_pairs(findings: NcciFindings) -> Answer:
    """Each pair of the question's codes: the edits in effect on the date, with their
    modifier indicators in words, cited with the release they come from."""
    on = findings.date_of_service.isoformat()
    release = findings.ptp_release_id
    if release is None:
        text = f"No NCCI procedure-to-procedure release is loaded for {on}, so I cannot say."
        return Answer(text, (), (NCCI_CHECK,))
    sentences: list[str] = []
    citations: list[Citation] = []
    for pair in findings.pairs:
        if pair.active:
            sentences += [_edit_sentence(edit, on, release) for edit in pair.active]
            citations += [
                Citation(_system(code), code, release, NCCI_PTP_SOURCE)
                for edit in pair.active
                for code in (edit.column1, edit.column2)
            ]
        else:
            sentences.append(_no_edit_sentence(pair, on, release))
            citations += [
                Citation(_system(code), code, release, NCCI_PTP_SOURCE) for code in pair.codes
            ]
    verdict = _verdict(findings)
    unique = tuple(dict.fromkeys(citations))
    quoted = tuple(edit.rationale for pair in findings.pairs for edit in pair.active)
    return Answer(" ".join([verdict, *sentences]), unique, (NCCI_CHECK,), evidence=quoted)


def _verdict(findings: NcciFindings) -> str:
    indicators = {edit.modifier_indicator for pair in findings.pairs for edit in pair.active}
    if 0 in indicators:
        return "No."
    if 1 in indicators:
        return "Only with a modifier, when the documentation supports it."
    return "Yes, as far as NCCI procedure-to-procedure edits go."


def _edit_sentence(edit: PtpFinding, on: str, release: str) -> str:
    advice = _INDICATOR_ADVICE.get(edit.modifier_indicator, edit.modifier_rule)
    return (
        f"An NCCI procedure-to-procedure edit pairs {edit.column1} (column 1) with"
        f" {edit.column2} (column 2) on {on} (release {release}). Its modifier indicator is"
        f" {edit.modifier_indicator} ({edit.modifier_rule}): {advice}. Billed together,"
        f" {edit.column2} is denied and {edit.column1} is paid. Rationale:"
        f" {edit.rationale}."
    )


def _no_edit_sentence(pair: PairFinding, on: str, release: str) -> str:
    first, second = pair.codes
    sentence = (
        f"No NCCI procedure-to-procedure edit pairs {first} and {second} on {on}"
        f" (release {release}); MUEs and payer policies still apply."
    )
    deleted = [e.deletion_date for e in pair.inactive if e.deletion_date is not None]
    if deleted:
        sentence += f" An edit for the pair was deleted on {max(deleted).isoformat()}."
    return sentence


def _system(code: str) -> CodeSystem:
    """NCCI pairs CPT and HCPCS Level II codes; the shape tells which."""
    shaped = systems_matching(code)
    return CodeSystem.CPT if CodeSystem.CPT in shaped else CodeSystem.HCPCS


# The modifiers NCCI lets bypass a PTP edit with indicator 1, when the documentation
# supports them: anatomic, global surgery and the distinct-service ones.
NCCI_ASSOCIATED_MODIFIERS = frozenset(
    [
        "E1",
        "E2",
        "E3",
        "E4",
        "FA",
        "F1",
        "F2",
        "F3",
        "F4",
        "F5",
        "F6",
        "F7",
        "F8",
        "F9",
        "TA",
        "T1",
        "T2",
        "T3",
        "T4",
        "T5",
        "T6",
        "T7",
        "T8",
        "T9",
        "LT",
        "RT",
        "LC",
        "LD",
        "RC",
        "LM",
        "RI",
        "24",
        "25",
        "57",
        "58",
        "78",
        "79",
        "27",
        "59",
        "91",
        "XE",
        "XS",
        "XP",
        "XU",
    ]
)


def explain_with_modifier(findings: NcciFindings, modifier: str) -> Answer:
    """Whether ``modifier`` lets the pairs of the findings be paid together."""
    plain = explain_pairs(findings)
    if findings.ptp_release_id is None:
        return plain
    edits = [edit for pair in findings.pairs for edit in pair.active]
    sentences = [_with_modifier(edit, modifier) for edit in edits] or [
        f"No NCCI procedure-to-procedure edit pairs these codes, so modifier {modifier} is not"
        " needed to bill them together."
    ]
    on, release = findings.date_of_service.isoformat(), findings.ptp_release_id
    text = " ".join([*sentences, *(_edit_sentence(edit, on, release) for edit in edits)])
    return Answer(text, plain.citations, plain.tools_used, evidence=plain.evidence)


def _with_modifier(edit: PtpFinding, modifier: str) -> str:
    pair = f"{edit.column1} and {edit.column2}"
    if edit.modifier_indicator == 0:
        return (
            f"No. Modifier {modifier} does not help: the edit pairing {pair} has modifier"
            " indicator 0, so no modifier lets both be paid."
        )
    if edit.modifier_indicator == 9:
        return f"The edit pairing {pair} has modifier indicator 9: it does not apply."
    if modifier not in NCCI_ASSOCIATED_MODIFIERS:
        return (
            f"No. Modifier {modifier} is not one NCCI accepts to bypass an edit; the edit"
            f" pairing {pair} (modifier indicator 1) still denies {edit.column2}."
        )
    return (
        f"Yes, with modifier {modifier} on {edit.column2} (column 2), when the documentation"
        f" shows a distinct encounter, site or procedure: the edit pairing {pair} has modifier"
        " indicator 1, so an NCCI-associated modifier may let both be paid."
    )
