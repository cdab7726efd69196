"""The words that tell what a question is about, as coders, billers and auditors write them.

Every pattern runs on the question upper-cased with runs of whitespace made single spaces.
"""

from __future__ import annotations

import re

from assistant.domain.intents import PageFact
from atlaskit.coding import CodeSystem

# ICD-10 without CM or PCS names no single system: the code's shape decides then.
SYSTEM_NAMES = (
    (re.compile(r"\bICD[- ]?10[- ]?PCS\b|\bPCS\b"), CodeSystem.ICD10PCS),
    (re.compile(r"\bICD[- ]?10[- ]?CM\b"), CodeSystem.ICD10CM),
    (re.compile(r"\bHCPCS\b"), CodeSystem.HCPCS),
    (re.compile(r"\bCPT\b"), CodeSystem.CPT),
)
# Which system a description question wants, when it names none of the above exactly.
DIAGNOSIS = re.compile(r"\bICD\b|\bICD[- ]?10\b|\bDIAGNOS\w*|\bDX\b")
PROCEDURE = re.compile(r"\bPROCEDURES?\b|\bSURGERY\b|\bOPERATION\b")

ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
US_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
MODIFIER = re.compile(
    r"\bMOD(?:IFIER)?S?\s+-?([0-9A-Z]{2})\b"
    r"|\b(?!(?:NO|AN|BY|OF|TO|IF|IN|ON|OR|AT|AS|IS|IT|DO|WE|MY|ME|BE|SO|UP)\b)([0-9A-Z]{2})"
    r" MOD(?:IFIER)?S?\b"
)

# Words that ask whether codes may be billed together (an NCCI question) or check a claim.
PAIR_WORDS = re.compile(
    r"\b(TOGETHER|BUNDL\w*|UNBUNDL\w*|NCCI|PTP|SAME (DAY|DATE|SESSION)|PAIR\w*|EDITS?|CLAIM"
    r"|BOTH|WITH EACH OTHER|ALONGSIDE|BILL\w*|REPORT\w*|CODED? WITH)\b"
)
COMPARE_WORDS = re.compile(r"\b(COMPARE|COMPARED|COMPARISON|DIFFERENCES?|DIFFER|VS\.?|VERSUS)\b")
PLACE_OF_SERVICE = re.compile(r"\b(PLACE[- ]OF[- ]SERVICE|POS)\b")
PLACE_CODE = re.compile(r"\b(?:PLACE[- ]OF[- ]SERVICE|POS)(?: CODE)?\s*(?:#|NO\.?)?\s*(\d{1,2})\b")

PAGE_FACT_WORDS = (
    (
        PageFact.CROSSWALK,
        re.compile(
            r"CROSS[- ]?WALK\w*|\bMAP(S|PED|PING)? TO\b|\bMAPPINGS?\b|\bLINKED\b"
            r"|\bDIAGNOS\w* (CODES? )?(THAT )?(SUPPORT|JUSTIF|GO WITH|PAIR)\w*"
        ),
    ),
    (PageFact.MUE, re.compile(r"\bMUES?\b|MEDICALLY UNLIKELY|\bUNITS?\b|\bMAI\b")),
    (PageFact.SEVERITY, re.compile(r"\bM?CCS?\b|COMPLICATION|COMORBID|SEVERITY|\b(MS-)?DRGS?\b")),
    (
        PageFact.NOTES,
        re.compile(
            r"\bEXCLUDES ?[12]?\b|\bINCLUDES\b|CODE FIRST|USE ADDITIONAL|CODE ALSO"
            r"|INSTRUCTIONAL|\bNOTES?\b|INCLUSION TERMS?"
        ),
    ),
    (
        PageFact.FEES,
        re.compile(
            r"\bPAY(S|MENT)?\b|\bPAID\b|\bFEES?\b|REIMBURS\w*|\bRVUS?\b|\bALLOWABLE\b|\bRATE\b"
            r"|\bPRICE\b|\bCOSTS?\b|RELATIVE VALUE|\bWORTH\b"
        ),
    ),
)
# "Covered" alone is often "what does 45385 cover": only Medicare's words make it coverage.
COVERAGE_WORDS = re.compile(
    r"\b(LCDS?|NCDS?|COVERAGE|BILLING ARTICLES?|ARTICLES?|COVERED BY MEDICARE"
    r"|MEDICARE (COVER|COVERS|COVERED)|COVERAGE DETERMINATIONS?)\b"
)
# Words that ask what a named code is, before any topic word it also uses ("G2211 add-on,
# what's the long descriptor").
ASKS_WHAT_CODE_IS = re.compile(
    r"\b(DESCRIPTOR|DESCRIPTION|DESCRIBES?|DEFINITION|DEFINE|MEAN(ING|S)?|STANDS? FOR"
    r"|WHAT('S| IS| DOES)|WHATS|EXPLAIN|TITLE)\b"
)
# Words that ask for guidance even when the question also asks "which code".
ASKS_GUIDANCE = re.compile(
    r"GUIDELINES?|GUIDANCE|CONVENTIONS?|DOCUMENT(ATION|ED|ING)?\b|COMPLIANCE|AUDIT\w*"
    r"|\bRULES?\b|REQUIREMENTS?|ROOT OPERATIONS?"
)
GUIDELINE_WORDS = re.compile(
    r"GUIDELINES?|GUIDANCE|ROOT OPERATIONS?|CONVENTIONS?|DOCUMENT(ATION|ED|ING)?\b|COMPLIANCE"
    r"|AUDIT\w*|\bRULES?\b|REQUIREMENTS?|WHEN (TO|SHOULD|CAN|DO) (I |WE )?(USE|BILL|REPORT|APPEND)"
    r"|\bLEVELS?\b|\bE/?M\b|EVALUATION AND MANAGEMENT|SEQUENC\w*|GLOBAL (PERIOD|SURGERY|DAYS)"
    r"|ADD-ON|INCIDENT[- ]TO|\bABNS?\b|TELEHEALTH|NEW PATIENT|ESTABLISHED PATIENT"
    r"|MEDICAL NECESSITY|LATERALITY|SPECIFICITY|UNSPECIFIED|PLACEHOLDER|(7TH|SEVENTH) CHARACTER"
    r"|EXCLUDES ?[12]?|CODE FIRST|USE ADDITIONAL|\bMUES?\b|MEDICALLY UNLIKELY|\bNCCI\b|\bPTP\b"
    r"|MODIFIER INDICATOR|\bM?CCS?\b|\bMS-DRG\b"
)
WHICH_CODE = re.compile(
    r"\b(WHAT|WHICH)('S| IS| ARE)?\b.*\bCODES?\b|\bCODES? (FOR|TO USE)\b"
    r"|\b(ICD[- ]?10(-?CM|-?PCS)?|CPT|HCPCS) FOR\b"
    r"|\bHOW (DO|DOES|SHOULD|TO|CAN) (I |YOU |WE |ONE )?(CODE|BILL|REPORT)\b|\bCODING FOR\b"
)
# What follows the last of these names the description ("code for [pink eye]").
DESCRIPTION_LEAD = re.compile(r"\b(FOR|OF|ABOUT|ON|DESCRIBES?|MEANS?)\b")
# A description followed by the code set it wants: "vitamin D deficiency - icd10?", "... dx?",
# "... what code".
TRAILING_CODE_ASK = re.compile(
    r"(?:\s*[,.;:?!]\s*|\s+-+\s*|\s+(?=(?:WHAT|WHICH)\b))"
    r"(?:(?:WHAT|WHICH)(?:'S| IS)? (?:THE )?(?:ICD[- ]?10\S*|CPT|HCPCS|DX|PCS)? ?CODES?"
    r"|(?:ICD[- ]?10(?:-?CM|-?PCS)?|CPT|HCPCS|PCS|DX)(?: CODES?)?)\s*\??\s*$"
)
# "PCS code lap chole - resection of ...": a code set and "code" before the description.
LEADING_CODE_ASK = re.compile(
    r"^(?:ICD[- ]?10(?:-?CM|-?PCS)?|CPT|HCPCS|PCS|DX|LAB|J) CODES?\b(?: FOR\b)?[\s:-]*"
)

# Text that asks the assistant to set its rules aside, role-play or invent: refused as asked.
INJECTION = re.compile(
    r"\bIGNORE\b.*\b(INSTRUCTIONS?|RULES?|PROMPTS?|GUARDRAILS?|ABOVE|PREVIOUS|PRIOR)\b"
    r"|\bDISREGARD\b|\bDEVELOPER MODE\b|\bJAILBREAK|\bSYSTEM PROMPT\b|\bYOU ARE NOW\b"
    r"|\bPRETEND\b|\bROLE[- ]?PLAY\b|\bMADE[- ]UP\b|\bMAKE UP\b|\bINVENT\w*\b|\bFAKE\b"
    r"|\bACT AS\b|\bOVERRIDE\b|\bNEW INSTRUCTIONS?\b|\bSAY THAT\b|\bREPEAT AFTER\b"
)
# A question that continues the previous one ("and with modifier 59?", "what about 99214?").
FOLLOW_UP = re.compile(r"^(AND|WHAT ABOUT|HOW ABOUT|ALSO|WITH|THEN|SAME|OK(AY)?,? AND)\b")
