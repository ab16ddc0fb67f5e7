"""Media every app shares, in one place.

- ``images``: image checks, clean re-encoding, thumbnails, versioned URLs.
- ``downloads``: ``serve_file()``, the one way a stored file reaches a visitor, and
  ``serve_thumbnail()`` for photos and covers.
- ``names``: ``RandomName``, the ``upload_to`` of every file field.
- ``cleanup``: ``follow_rows()``, so that stored bytes follow their rows.
"""
