"""Bibliographic formats of publications: each module turns publications into one format.

Every function here is pure: it reads a publication (with the relations that
``publications.formats.queries.for_citation`` prefetches) and returns text.
"""
