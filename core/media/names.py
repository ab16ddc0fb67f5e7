"""Storage names for uploads: chosen by the server, so nothing of the uploaded name reaches disk."""

import uuid
from pathlib import PurePath

from django.utils.deconstruct import deconstructible

# Long enough for ".jpeg", ".docx" or ".epub"; a made-up "extension" cannot overflow the column.
MAX_SUFFIX_LENGTH = 10


@deconstructible
class RandomName:
    """An ``upload_to`` that stores a file in ``folder`` under a random hex name.

    The name keeps the upload's lower-cased suffix (at most ten characters, the dot
    included) and nothing else; a name without a suffix stays without one.
    """

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        suffix = PurePath(filename).suffix.lower()[:MAX_SUFFIX_LENGTH]
        return f"{self.folder}/{uuid.uuid4().hex}{suffix}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and self.folder == other.folder

    def __hash__(self):
        return hash(self.folder)

    def __repr__(self):
        return f"RandomName({self.folder!r})"
