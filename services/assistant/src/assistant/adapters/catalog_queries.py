"""The GraphQL operations CasePilot's tools send the catalog subgraph."""

from __future__ import annotations

_RELEASE = "release: releaseInEffect(dataset: $dataset, dateOfService: $on) { id }"
_PAGE_ON = "$system: CodeSystem!, $code: String!, $on: Date!, $dataset: String!"
_EDIT = "column1 column2 modifierIndicator modifierRule rationale deletionDate"

NCCI_CHECK = f"""query Check($codes: [String!]!, $on: Date!) {{
  ncciCheck(codes: $codes, dateOfService: $on) {{
    dateOfService ptpRelease {{ id }}
    pairs {{ codes edits {{ {_EDIT} }} inactiveEdits {{ {_EDIT} }} }} }} }}"""

MODIFIER = """query Modifier($code: String!) {
  modifier(code: $code) { code title releaseId plainLanguage { title description } } }"""

CODE_PAGE = """query Page($system: CodeSystem!, $code: String!, $on: Date!) {
  code(system: $system, code: $code) {
    plainLanguage { title description }
    officialDescriptor(dateOfService: $on) { text licensed notice } } }"""

MUE = f"""query Mue({_PAGE_ON}) {{
  code(system: $system, code: $code) {{
    mue(dateOfService: $on) {{ units adjudicationIndicator adjudication rationale }} }}
  {_RELEASE} }}"""

FEES = f"""query Fees({_PAGE_ON}) {{
  code(system: $system, code: $code) {{
    fees(dateOfService: $on) {{
      modifier status workRvu nonFacilityPeRvu facilityPeRvu malpracticeRvu conversionFactor
      globalDays national {{ nonFacility facility }} }} }}
  {_RELEASE} }}"""

SEVERITY = f"""query Severity({_PAGE_ON}) {{
  code(system: $system, code: $code) {{ ccMcc(dateOfService: $on) }}
  {_RELEASE} }}"""

# A code's notes and those of the three codes above it (E11.311 -> E11.31 -> E11.3 -> E11).
_NOTES = "code notes { kind text }"
NOTES = f"""query Notes($system: CodeSystem!, $code: String!) {{
  code(system: $system, code: $code) {{ {_NOTES} parent {{ {_NOTES} parent {{ {_NOTES}
    parent {{ {_NOTES} }} }} }} }} }}"""

PLACES = f"""query Places($on: Date!, $dataset: String!) {{
  placesOfService(dateOfService: $on) {{ code setting name description }}
  {_RELEASE} }}"""

COVERAGE = f"""query Coverage($words: String!, $on: Date!, $dataset: String!) {{
  coverageDocuments(query: $words, first: 5, dateOfService: $on) {{
    id kind version title contractor effectiveDate url }}
  {_RELEASE} }}"""

GUIDELINES = """query Guidelines($words: String!, $dataset: String!) {
  guidelines(system: ICD10PCS, query: $words) { section id title text }
  release: releaseInEffect(dataset: $dataset) { id } }"""
