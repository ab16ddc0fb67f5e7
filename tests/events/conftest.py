"""Event tests build URLs in Russian, the default language, whatever ran before."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def russian():
    with translation.override("ru"):
        yield
