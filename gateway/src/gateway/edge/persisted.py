"""Automatic persisted queries (Apollo's APQ protocol) and the safelist.

A client sends ``extensions.persistedQuery = {"version": 1, "sha256Hash": ...}`` with no
query; the gateway answers ``PERSISTED_QUERY_NOT_FOUND`` when it does not know the hash, and
the client sends the query with the hash once, which registers it. Each gateway process keeps
its own bounded LRU of documents: a client that reaches another process registers again,
which the protocol expects. ``PERSISTED_QUERY_NOT_FOUND`` is answered with HTTP 200, as Apollo
servers do, so that clients and caches treat it as an answer and not as a failure.

With a safelist (a JSON list of the SHA-256 hashes allowed, or an object from hash to query,
which also registers those queries), a document whose hash is not on it is refused with 403
``PERSISTED_QUERY_NOT_ALLOWED``, whether it was sent by hash or in full.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from pathlib import Path
from typing import Any

import orjson

NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
NOT_ALLOWED = "PERSISTED_QUERY_NOT_ALLOWED"
HASH_MISMATCH = "PERSISTED_QUERY_HASH_MISMATCH"
NOT_SUPPORTED = "PERSISTED_QUERY_NOT_SUPPORTED"
# Not a sentence: Apollo Client recognizes this error by its message, not only by its code.
NOT_FOUND_MESSAGE = "PersistedQueryNotFound"
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class PersistedQueryRefused(Exception):
    def __init__(self, message: str, code: str, status: int) -> None:
        super().__init__(message)
        self.code = code
        self.status = status


def sha256_of(query: str) -> str:
    return hashlib.sha256(query.encode()).hexdigest()


def read_safelist(path: str) -> tuple[frozenset[str], dict[str, str]]:
    """The hashes a safelist file allows, and the queries it registers with them."""
    entries = orjson.loads(Path(path).read_bytes())
    queries = dict(entries) if isinstance(entries, dict) else {}
    hashes = frozenset(str(h).lower() for h in entries)
    for sha, query in queries.items():
        if not isinstance(query, str) or sha256_of(query) != sha.lower():
            raise ValueError(f"the safelist's query for {sha} does not have that hash")
    return hashes, {sha.lower(): query for sha, query in queries.items()}


class PersistedQueries:
    def __init__(self, capacity: int, safelist_file: str | None = None) -> None:
        self._capacity = capacity
        self._documents: OrderedDict[str, str] = OrderedDict()
        self._safelist: frozenset[str] | None = None
        if safelist_file:
            self._safelist, registered = read_safelist(safelist_file)
            for sha, query in registered.items():
                self._remember(sha, query)

    def query_for(self, query: str | None, extensions: Any) -> str | None:
        """The query to run: ``query`` itself, or the one ``extensions`` names by hash."""
        persisted = extensions.get("persistedQuery") if isinstance(extensions, dict) else None
        if persisted is None:
            if query is not None:
                self._require_allowed(sha256_of(query))
            return query
        sha = _hash_in(persisted)
        self._require_allowed(sha)
        if query is None:
            return self._lookup(sha)
        if sha256_of(query) != sha:
            raise PersistedQueryRefused(
                "The query's SHA-256 hash is not the sha256Hash sent with it.", HASH_MISMATCH, 400
            )
        self._remember(sha, query)
        return query

    def _require_allowed(self, sha: str) -> None:
        if self._safelist is not None and sha not in self._safelist:
            raise PersistedQueryRefused(
                "This gateway runs only the operations on its safelist, and this is not one.",
                NOT_ALLOWED,
                403,
            )

    def _lookup(self, sha: str) -> str:
        query = self._documents.get(sha)
        if query is None:
            # 200, not 4xx: the protocol's next step, not a failure (see the module's text).
            raise PersistedQueryRefused(NOT_FOUND_MESSAGE, NOT_FOUND, 200)
        self._documents.move_to_end(sha)
        return query

    def _remember(self, sha: str, query: str) -> None:
        self._documents[sha] = query
        self._documents.move_to_end(sha)
        while len(self._documents) > self._capacity:
            self._documents.popitem(last=False)


def _hash_in(persisted: Any) -> str:
    if not isinstance(persisted, dict) or persisted.get("version") != 1:
        raise PersistedQueryRefused(
            "Only version 1 of persisted queries is supported.", NOT_SUPPORTED, 400
        )
    sha = persisted.get("sha256Hash")
    if not isinstance(sha, str) or not _SHA256.match(sha.lower()):
        raise PersistedQueryRefused(
            "persistedQuery.sha256Hash must be 64 hexadecimal digits.", NOT_SUPPORTED, 400
        )
    return sha.lower()
