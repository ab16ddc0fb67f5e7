"""Work the apps hand on after an upload, without knowing who does it.

The apps' admins call ``image_uploaded(row, field_name)`` once a new image is saved; the layer
that runs background jobs (``science_portal.tasks``, registered in its app's ``ready()``)
makes the thumbnails in the worker. With nobody registered, nothing happens: the image views
still make a missing thumbnail on first request.
"""

_image_handlers = []


def on_image_upload(handler):
    """Register ``handler(row, field_name)`` for every new image (once)."""
    if handler not in _image_handlers:
        _image_handlers.append(handler)
    return handler


def image_uploaded(row, field_name):
    for handler in _image_handlers:
        handler(row, field_name)
