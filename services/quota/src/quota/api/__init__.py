"""The quota subgraph and internal REST."""
