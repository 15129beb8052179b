import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from members.validators import normalise_orcid, normalise_ror, validate_orcid, validate_ror


@pytest.mark.parametrize(
    "orcid",
    [
        "0000-0002-1825-0097",
        "0000-0001-5109-3700",
        "0000-0002-1694-233X",
        "0000-0002-1694-233x",
        "https://orcid.org/0000-0002-1825-0097",
    ],
)
def test_valid_orcid_ids_pass_the_iso_7064_mod_11_2_check(orcid):
    validate_orcid(orcid)


def test_orcid_with_a_wrong_check_digit_says_which_digit_was_expected():
    with pytest.raises(ValidationError) as error:
        validate_orcid("0000-0002-1825-0098")

    assert error.value.code == "orcid_checksum"
    assert "last character should be 7" in error.value.messages[0]


@pytest.mark.parametrize(
    "orcid", ["0000-0002-1825-009", "0000000218250097", "0000-0002-1825-00A7", "orcid", ""]
)
def test_orcid_in_a_wrong_format_is_refused_with_an_example(orcid):
    with pytest.raises(ValidationError) as error:
        validate_orcid(orcid)

    assert error.value.code == "orcid_format"
    assert "0000-0002-1825-0097" in error.value.messages[0]


def test_orcid_is_stored_in_canonical_form():
    assert normalise_orcid(" https://orcid.org/0000-0002-1694-233x ") == "0000-0002-1694-233X"


@pytest.mark.parametrize(
    "ror", ["05gvnxz63", "03vek6s52", "https://ror.org/02jbv0t02", "01QZ5MB56"]
)
def test_valid_ror_ids_pass(ror):
    validate_ror(ror)


@pytest.mark.parametrize(
    ("ror", "code"),
    [
        ("15gvnxz63", "ror_format"),  # must start with 0
        ("05gvnxz6", "ror_format"),  # too short
        ("05gvlxz63", "ror_format"),  # l is not in Crockford's alphabet
        ("05gvnxz64", "ror_checksum"),
    ],
)
def test_invalid_ror_ids_are_refused(ror, code):
    with pytest.raises(ValidationError) as error:
        validate_ror(ror)

    assert error.value.code == code


def test_ror_is_stored_in_canonical_form():
    assert normalise_ror("https://ror.org/05GVNXZ63") == "05gvnxz63"


@pytest.mark.django_db
def test_profile_form_shows_the_orcid_error_beside_the_field(client, unaffiliated):
    client.force_login(unaffiliated.user)

    response = client.post(
        reverse("members:profile_edit"),
        {"display_name": "Una", "orcid": "0000-0002-1825-0098", "visibility": "members"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["orcid"] == [
        "0000-0002-1825-0098 is not a valid ORCID iD: its last character should be 7. "
        "Please check for a mistyped digit."
    ]
    unaffiliated.refresh_from_db()
    assert unaffiliated.orcid == ""
