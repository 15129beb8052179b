import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse
from rest_framework.test import APIClient

from members import services
from members.models import Institution
from tests.factories import InstitutionFactory, ProfileFactory
from tpc_portal.errors import ApplicationError

pytestmark = pytest.mark.django_db


def test_public_directory_lists_member_institutions_by_kind_and_country(client):
    InstitutionFactory(name="Lab One", kind="national_lab", country="US")
    InstitutionFactory(name="Uni Two", kind="university", country="JP")
    InstitutionFactory(name="Lab Three", kind="national_lab", country="JP")
    InstitutionFactory(name="Applicant Four", kind="national_lab", country="JP", status="applicant")

    response = client.get(
        reverse("members:institutions"), {"kind": "national_lab", "country": "JP"}
    )

    assert [i.name for i in response.context["institutions"]] == ["Lab Three"]
    page = client.get(reverse("members:institutions")).content.decode()
    assert "Applicant Four" not in page
    assert "Japan" in page


def test_institution_page_shows_its_representative_and_listed_people(client, lab):
    rep = ProfileFactory(institution=lab, user__full_name="Rita Rep", visibility="public")
    Institution.objects.filter(pk=lab.pk).update(representative=rep.user)

    page = client.get(reverse("members:institution", args=[lab.slug])).content.decode()

    assert "Representative" in page
    assert "Rita Rep" in page


def test_api_lists_institutions_with_filters_and_the_taxonomy(db):
    InstitutionFactory(name="Uni Two", kind="university", country="JP", domains=["two.example"])
    InstitutionFactory(name="Lab One", kind="national_lab", country="US")
    api = APIClient()

    institutions = api.get(reverse("api:institution-list"), {"country": "JP"}).json()
    areas = api.get(reverse("api:expertise-area-list")).json()

    assert [row["name"] for row in institutions["results"]] == ["Uni Two"]
    assert institutions["results"][0]["domains"] == ["two.example"]
    assert len(areas) == 18
    assert {area["group"] for area in areas} == {"methods", "systems", "domains"}


def test_institution_is_created_with_a_canonical_ror_id_and_its_domains(staff):
    institution = services.institution_create(
        actor=staff,
        name="Argonne National Laboratory",
        short_name="Argonne",
        kind="national_lab",
        country="us",
        ror_id="https://ror.org/05GVNXZ63",
        domains=["@ANL.gov", "anl.gov"],
    )

    assert institution.ror_id == "05gvnxz63"
    assert institution.country == "US"
    assert list(institution.domains.values_list("domain", flat=True)) == ["anl.gov"]
    assert institution.status == Institution.Status.APPLICANT


def test_a_wrong_ror_id_is_refused(staff):
    with pytest.raises(ApplicationError) as error:
        services.institution_create(
            actor=staff, name="X", kind="university", country="US", ror_id="05gvnxz64"
        )

    assert "ror_id" in error.value.errors


def test_a_domain_belongs_to_one_institution(staff, lab):
    with pytest.raises(ApplicationError) as error:
        services.institution_create(
            actor=staff, name="Y", kind="university", country="US", domains=["lab.example"]
        )

    assert "domain" in error.value.errors


@pytest.mark.parametrize(
    ("start", "to", "allowed"),
    [
        ("applicant", "member", True),
        ("member", "suspended", True),
        ("suspended", "member", True),
        ("member", "withdrawn", True),
        ("withdrawn", "member", False),
        ("applicant", "suspended", False),
    ],
)
def test_status_transitions(staff, start, to, allowed):
    institution = InstitutionFactory(status=start, joined=None)

    if allowed:
        services.institution_status_change(institution=institution, status=to, actor=staff)
        institution.refresh_from_db()
        assert institution.status == to
        assert (institution.joined is not None) == (to == "member")
    else:
        with pytest.raises(ApplicationError):
            services.institution_status_change(institution=institution, status=to, actor=staff)


def test_members_of_a_suspended_institution_lose_member_access(client, lab, member):
    target = ProfileFactory(institution=lab)
    client.force_login(member.user)
    assert client.get(reverse("members:profile", args=[target.pk])).status_code == 200

    Institution.objects.filter(pk=lab.pk).update(status="suspended")
    client.force_login(member.user)

    # No longer a confirmed member: refused, with the reason.
    assert client.get(reverse("members:profile", args=[target.pk])).status_code == 403


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:members_institution_changelist",
        "admin:members_institution_add",
        "admin:members_profile_changelist",
        "admin:members_affiliationrequest_changelist",
        "admin:members_contactmessage_changelist",
        "admin:members_expertisearea_changelist",
    ],
)
def test_admin_pages_open_for_staff(client, staff, lab, member, url_name):
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(staff)

    assert client.get(reverse(url_name)).status_code == 200


def test_admin_action_changes_status_through_the_service(client, staff):
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "x"})
    applicant = InstitutionFactory(status="applicant", joined=None)
    client.force_login(staff)

    client.post(
        reverse("admin:members_institution_changelist"),
        {"action": "mark_member", "_selected_action": [applicant.pk]},
    )

    applicant.refresh_from_db()
    assert applicant.status == Institution.Status.MEMBER
    assert applicant.joined is not None


def test_country_names_come_translated_from_django_countries(client):
    """The ISO 3166 names and their Russian come from django-countries' own catalogue; the
    column keeps the two-letter code, which filters and the API use."""
    lab = InstitutionFactory(name="Riken Demo", country="JP")

    listing = client.get(reverse("members:institutions"), HTTP_ACCEPT_LANGUAGE="ru")
    detail = client.get(reverse("members:institution", args=[lab.slug]), HTTP_ACCEPT_LANGUAGE="ru")
    filtered = client.get(reverse("members:institutions"), {"country": "JP"})

    assert "Япония" in listing.content.decode()
    assert "Япония" in detail.content.decode()
    assert [i.name for i in filtered.context["institutions"]] == ["Riken Demo"]
    assert Institution.objects.filter(country="JP").exists()
