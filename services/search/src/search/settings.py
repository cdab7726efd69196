"""Search settings, read once from the environment."""

from __future__ import annotations

from atlaskit.settings import AtlasSettings


class SearchSettings(AtlasSettings):
    service_name: str = "search"
    # The consumer group that fills the index (SEARCH_INDEX_GROUP). A new group with an empty
    # index database (SEARCH_DATABASE_NAME) rebuilds the index by replaying the code topic.
    search_index_group: str = "search"
    search_database_name: str = "search"
    # Send one query event per search and type-ahead request (SEARCH_QUERY_EVENTS).
    search_query_events: bool = True
    # Who may read what people searched for (queries may hold anything a person typed).
    search_reviewer_token: str = "dev-editor-token"

    @property
    def dsn(self) -> str:
        return self.service_database_url(self.search_database_name)
