"""Bulk import of publications: BibTeX, RIS, CSL-JSON and CSV read into one record shape,
matched against the catalogue (authors, duplicates, publishers, topics), previewed, then
written in bulk.

- ``records``: the normalised record every format is read into, and its per-record problems;
- ``latex``, ``bibtex``, ``ris``, ``csl``, ``table``: one reader per format;
- ``reader``: which format an upload is, its text encoding and the limits;
- ``matching``: people by the name keys search uses, duplicates, publishers and topics;
- ``plan``: what the import would do, record by record (the preview);
- ``apply``: doing it, in bulk (``services``-style, keyword-only);
- ``archive``: the ZIP of files next to the metadata.
"""
