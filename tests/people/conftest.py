"""Every people test starts in Russian, the default language, whatever ran before it."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def russian():
    with translation.override("ru"):
        yield
