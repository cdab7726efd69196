"""Reviewed search-relevance data: sample queries with their expected codes, and synonyms.

``relevance_queries.csv`` lists what coders and patients type, with the code(s) a good search
should return; ``synonyms.csv`` maps lay terms, abbreviations and misspellings to the clinical
words used in official ICD-10-CM and HCPCS titles.
"""
