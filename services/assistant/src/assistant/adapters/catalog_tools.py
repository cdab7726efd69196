"""CasePilot's tools that ask the catalog subgraph directly (public fields only)."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

import httpx
from opentelemetry import trace

from assistant.domain.modifiers import ModifierFacts
from assistant.domain.ncci import NcciFindings, PairFinding, PtpFinding
from atlaskit.tracing import inject_http_headers

log = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)

NCCI_CHECK = """query Check($codes: [String!]!, $on: Date!) {
  ncciCheck(codes: $codes, dateOfService: $on) {
    dateOfService ptpRelease { id }
    pairs { codes
      edits { column1 column2 modifierIndicator modifierRule rationale deletionDate }
      inactiveEdits { column1 column2 modifierIndicator modifierRule rationale deletionDate }
    } } }"""


MODIFIER = """query Modifier($code: String!) {
  modifier(code: $code) { code title releaseId plainLanguage { title description } } }"""


class CatalogUnavailable(Exception):
    """The catalog did not answer; nothing can be grounded."""


class CatalogNotFound(Exception):
    """The catalog does not hold what was asked."""


class CatalogRefused(Exception):
    """The catalog refused the question's codes; the message says why, for a person."""


class CatalogTools:
    def __init__(self, graphql_url: str, timeout_seconds: float) -> None:
        self._url = graphql_url
        self._http = httpx.AsyncClient(timeout=timeout_seconds)

    async def close(self) -> None:
        await self._http.aclose()

    async def ncci_check(self, codes: list[str], on: date) -> NcciFindings:
        data = await self._query(NCCI_CHECK, {"codes": codes, "on": on.isoformat()})
        check = data["ncciCheck"]
        release = check["ptpRelease"]
        return NcciFindings(
            date.fromisoformat(check["dateOfService"]),
            release["id"] if release else None,
            tuple(_pair(pair) for pair in check["pairs"]),
        )

    async def modifier(self, code: str) -> ModifierFacts | None:
        """The modifier's facts, or None when the catalog does not hold it."""
        try:
            found = (await self._query(MODIFIER, {"code": code}))["modifier"]
        except CatalogNotFound:
            return None
        plain = found["plainLanguage"] or {}
        return ModifierFacts(
            found["code"],
            found["title"],
            found["releaseId"],
            plain.get("title"),
            plain.get("description"),
        )

    async def _query(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        with tracer.start_as_current_span("catalog tool"):
            try:
                response = await self._http.post(
                    self._url,
                    json={"query": query, "variables": variables},
                    headers=inject_http_headers({"accept": "application/json"}),
                )
                body: dict[str, Any] = response.json()
            except (httpx.HTTPError, ValueError) as exc:
                log.warning("the catalog did not answer: %r", exc)
                raise CatalogUnavailable(str(exc)) from exc
        errors = body.get("errors") or []
        codes = [(e.get("extensions") or {}).get("code") for e in errors]
        if "BAD_USER_INPUT" in codes:
            raise CatalogRefused(errors[codes.index("BAD_USER_INPUT")]["message"])
        if "NOT_FOUND" in codes:
            raise CatalogNotFound(errors[codes.index("NOT_FOUND")]["message"])
        if errors or not body.get("data"):
            log.warning("the catalog answered with errors: %s", errors)
            raise CatalogUnavailable(str(errors))
        data: dict[str, Any] = body["data"]
        return data


def _pair(pair: dict[str, Any]) -> PairFinding:
    first, second = pair["codes"]
    return PairFinding(
        (first, second),
        tuple(_edit(e) for e in pair["edits"]),
        tuple(_edit(e) for e in pair["inactiveEdits"]),
    )


def _edit(edit: dict[str, Any]) -> PtpFinding:
    deleted = edit["deletionDate"]
    return PtpFinding(
        edit["column1"],
        edit["column2"],
        int(edit["modifierIndicator"]),
        edit["modifierRule"],
        edit["rationale"],
        date.fromisoformat(deleted) if deleted else None,
    )
