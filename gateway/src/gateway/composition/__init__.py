"""Composition: subgraph SDLs merged into one API schema and a standard supergraph SDL."""
