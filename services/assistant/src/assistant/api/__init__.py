"""The assistant subgraph."""
