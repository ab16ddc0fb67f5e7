"""The Russian catalogues are complete: every interface string has a translation."""

from pathlib import Path

import polib
import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
CATALOGUES = sorted(
    p for p in BASE_DIR.glob("**/locale/ru/LC_MESSAGES/django.po") if ".venv" not in p.parts
)


def test_there_is_a_project_catalogue():
    assert BASE_DIR / "locale/ru/LC_MESSAGES/django.po" in CATALOGUES


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(BASE_DIR)))
def test_catalogue_is_complete(path):
    po = polib.pofile(str(path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == [], f"untranslated in {path}"
    assert fuzzy == [], f"fuzzy in {path}"
    assert not po.metadata_is_fuzzy
