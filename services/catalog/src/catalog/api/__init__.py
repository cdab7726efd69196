"""The catalog subgraph."""
