"""Pure search logic: index entries, what a searcher asked for, result pages."""
