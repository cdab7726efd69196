"""The identity subgraph, the published signing keys and the internal REST for the gateway."""
