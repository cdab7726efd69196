"""Event envelope, topic names and the JSON schema of every event type."""

from atlaskit.events.envelope import Envelope
from atlaskit.events.registry import EventSchemaError, validate_event

__all__ = ["Envelope", "EventSchemaError", "validate_event"]
