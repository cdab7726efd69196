"""Prometheus metrics the shared library records for every service."""

from prometheus_client import Counter

EVENTS_CONSUMED = Counter(
    "codeatlas_events_consumed_total",
    "Events a consumer group handled, by outcome (applied, duplicate, dead_lettered).",
    ["group", "outcome"],
)
EVENTS_PUBLISHED = Counter(
    "codeatlas_outbox_events_published_total",
    "Events the outbox relay published, by topic.",
    ["topic"],
)
