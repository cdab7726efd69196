"""Topic names (before the deployment's prefix) and the event types each carries."""

CATALOG_CODES = "catalog.codes"
CATALOG_RELEASES = "catalog.releases"
IDENTITY_ACCOUNTS = "identity.accounts"
QUOTA_USAGE = "quota.usage"
SEARCH_QUERIES = "search.queries"

CODE_CHANGED = "catalog.code.changed"
RELEASE_IMPORTED = "catalog.release.imported"
GUEST_ISSUED = "identity.guest.issued"
ACCOUNT_REGISTERED = "identity.account.registered"
ACCOUNT_PLAN_CHANGED = "identity.account.plan_changed"
VIEW_DECIDED = "quota.view.decided"
VIEWS_EXHAUSTED = "quota.views.exhausted"
QUESTION_ASKED = "quota.question.asked"
QUERY_PERFORMED = "search.query.performed"

ALL_TOPICS = (CATALOG_CODES, CATALOG_RELEASES, IDENTITY_ACCOUNTS, QUOTA_USAGE, SEARCH_QUERIES)

# Keyed by SYSTEM:CODE, the latest event per key is a code's current state: compacted, the
# code topic keeps every code forever, so a new read model (or a rebuilt index) can replay it.
TOPIC_CONFIGS = {CATALOG_CODES: {"cleanup.policy": "compact"}}
