"""CasePilot's tool that asks the search subgraph which codes a description matches."""

from __future__ import annotations

from assistant.adapters.catalog_client import CatalogClient
from assistant.domain.intents import CodeLookup
from atlaskit.coding import CodeSystem

CANDIDATES = 5

SEARCH = """query Candidates($words: String!, $systems: [CodeSystem!], $first: Int!) {
  search(query: $words, systems: $systems, billableOnly: true, first: $first) {
    edges { node { system code } } } }"""


class SearchTools(CatalogClient):
    async def candidates(self, words: str, systems: tuple[CodeSystem, ...]) -> list[CodeLookup]:
        """The codes search ranks first for the words, best first."""
        variables = {
            "words": words,
            "systems": [s.name for s in systems] or None,
            "first": CANDIDATES,
        }
        data = await self.query(SEARCH, variables)
        return [
            CodeLookup(CodeSystem(edge["node"]["system"]), edge["node"]["code"])
            for edge in data["search"]["edges"]
        ]
