"""Content written by CodeAtlas and shipped inside the package (plain-language CSV files).

The descriptions are our own wording, not AMA CPT descriptor text.
"""
