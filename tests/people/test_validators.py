"""ORCID iDs are checked with their ISO 7064 check digit."""

import pytest
from django.core.exceptions import ValidationError

from people.validators import orcid_checksum, validate_orcid
from tests.people.factories import PersonFactory


@pytest.mark.parametrize(
    "orcid", ["0000-0002-1825-0097", "0000-0001-5109-3700", "0000-0002-1694-233X"]
)
def test_valid_orcid_ids_pass(orcid):
    validate_orcid(orcid)
    assert orcid_checksum(orcid.replace("-", "")[:15]) == orcid[-1]


@pytest.mark.parametrize(
    ("orcid", "code"),
    [
        ("0000-0002-1825-0098", "orcid_checksum"),
        ("0000-0002-1694-2330", "orcid_checksum"),
        ("0000000218250097", "orcid_format"),
        ("0000-0002-1825-009", "orcid_format"),
        ("https://orcid.org/0000-0002-1825-0097", "orcid_format"),
        ("", "orcid_format"),
    ],
)
def test_invalid_orcid_ids_are_refused(orcid, code):
    with pytest.raises(ValidationError) as error:
        validate_orcid(orcid)
    assert error.value.code == code


@pytest.mark.django_db
def test_the_person_form_refuses_a_wrong_check_digit():
    person = PersonFactory.build(orcid="0000-0002-1825-0098")
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert "orcid" in error.value.message_dict
