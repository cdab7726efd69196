"""Query planning: which subgraph fetches an operation needs, and in what order."""
