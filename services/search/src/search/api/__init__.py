"""The search subgraph."""
