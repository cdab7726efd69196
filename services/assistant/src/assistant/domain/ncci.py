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
    verdict = _verdict(findings)
    unique = tuple(dict.fromkeys(citations))
    return Answer(" ".join([verdict, *sentences]), unique, (NCCI_CHECK,))


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
