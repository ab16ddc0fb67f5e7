"""SPIN codes and RSCI AuthorIDs (eLibrary), and ROR ids with their Mod 97-10 check digits."""

import pytest
from django.core.exceptions import ValidationError

from people.validators import ror_checksum, validate_author_id, validate_ror, validate_spin
from tests.people.factories import OrganizationFactory, PersonFactory


@pytest.mark.parametrize("spin", ["1234-5678", "0000-0001", "9876-5432"])
def test_good_spin_codes_pass(spin):
    validate_spin(spin)


@pytest.mark.parametrize(
    "spin", ["12345678", "1234-567", "1234-56789", "12a4-5678", " 1234-5678", ""]
)
def test_bad_spin_codes_are_refused(spin):
    with pytest.raises(ValidationError) as error:
        validate_spin(spin)
    assert error.value.code == "spin_format"


@pytest.mark.parametrize("author_id", ["1", "123456", "1234567890"])
def test_good_author_ids_pass(author_id):
    validate_author_id(author_id)


@pytest.mark.parametrize("author_id", ["", "0123", "12 34", "id123", "12345678901", "-5"])
def test_bad_author_ids_are_refused(author_id):
    with pytest.raises(ValidationError) as error:
        validate_author_id(author_id)
    assert error.value.code == "author_id_format"


# Real ROR ids: Brown University, University of Cambridge, University of Oxford, MIT, CDL.
REAL_RORS = ["05gq02987", "013meh722", "052gg0110", "042nb2s44", "03yrm5c26"]


@pytest.mark.parametrize("ror", [*REAL_RORS, "05GQ02987"])
def test_real_ror_ids_pass(ror):
    validate_ror(ror)
    assert ror_checksum(ror.lower()[:7]) == ror[7:]


@pytest.mark.parametrize(
    ("ror", "code"),
    [
        ("05gq02988", "ror_checksum"),  # a wrong check digit
        ("013meh727", "ror_checksum"),
        ("05qg02987", "ror_checksum"),  # two characters swapped
        ("15gq02987", "ror_format"),  # must start with 0
        ("05gi02987", "ror_format"),  # i is not in Crockford's base32
        ("05gl02987", "ror_format"),
        ("05go02987", "ror_format"),
        ("05gu02987", "ror_format"),
        ("05gq0298", "ror_format"),
        ("05gq029870", "ror_format"),
        ("05gq029a7", "ror_format"),  # the checksum is two digits
        ("https://ror.org/05gq02987", "ror_format"),
        ("", "ror_format"),
    ],
)
def test_bad_ror_ids_are_refused(ror, code):
    with pytest.raises(ValidationError) as error:
        validate_ror(ror)
    assert error.value.code == code


@pytest.mark.django_db
def test_the_models_check_and_link_the_ids():
    person = PersonFactory.build(spin="1234-567", rsci_author_id="x1")
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert {"spin", "rsci_author_id"} <= set(error.value.message_dict)
    person = PersonFactory(spin="1234-5678", rsci_author_id="654321")
    assert person.spin_url == "https://elibrary.ru/author_profile.asp?spin=1234-5678"
    assert person.rsci_author_url == "https://elibrary.ru/author_profile.asp?id=654321"

    organization = OrganizationFactory.build(ror="05GQ02987 ")
    organization.clean()
    assert organization.ror == "05gq02987"
    assert organization.ror_url == "https://ror.org/05gq02987"
    with pytest.raises(ValidationError) as error:
        OrganizationFactory.build(ror="05gq02988").full_clean()
    assert "ror" in error.value.message_dict


@pytest.mark.django_db
def test_the_pages_link_the_ids(client):
    person = PersonFactory(slug="ivanov", spin="1234-5678", rsci_author_id="654321")
    html = client.get(person.get_absolute_url()).content.decode()
    assert 'href="https://elibrary.ru/author_profile.asp?spin=1234-5678"' in html
    assert 'href="https://elibrary.ru/author_profile.asp?id=654321"' in html
    assert "SPIN-код" in html
    organization = OrganizationFactory(slug="brown", ror="05gq02987")
    html = client.get(organization.get_absolute_url()).content.decode()
    assert 'href="https://ror.org/05gq02987"' in html
