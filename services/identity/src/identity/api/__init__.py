"""The identity subgraph."""
