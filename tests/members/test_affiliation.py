import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import reverse

from members import services
from members.models import AffiliationRequest, Institution, Profile
from notifications.models import Notification
from tests.factories import InstitutionFactory, ProfileFactory, UserFactory
from tpc_portal.errors import ApplicationError

pytestmark = pytest.mark.django_db

PASSWORD = "Trillion-params-2026!"


def _sign_up_and_verify(client, email, *, verify=True):
    client.post(
        reverse("account_signup"),
        {"full_name": "Ada Newcomer", "email": email, "password1": PASSWORD, "password2": PASSWORD},
    )
    if verify:
        link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", mail.outbox[-1].body)
        client.post(link.group(1))
    return Profile.objects.get(user__email=email)


@pytest.mark.parametrize("email", ["ada@lab.example", "ada@hpc.division.lab.example"])
def test_verified_address_on_a_member_domain_affiliates_automatically(
    client, lab, email, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        profile = _sign_up_and_verify(client, email)

    profile.refresh_from_db()
    assert profile.institution == lab
    assert profile.affiliated_via == Profile.AffiliatedVia.DOMAIN
    notice = Notification.objects.get(recipient=profile.user)
    assert notice.kind == "members.affiliation_confirmed"
    assert "Argonne Demo Lab" in notice.title


def test_unverified_address_does_not_affiliate(client, lab):
    profile = _sign_up_and_verify(client, "ada@lab.example", verify=False)

    profile.refresh_from_db()
    assert profile.institution is None
    address = EmailAddress.objects.get(email="ada@lab.example")
    assert services.affiliation_by_verified_email(email_address=address) is None


def test_an_applicant_institution_does_not_affiliate(client):
    InstitutionFactory(status=Institution.Status.APPLICANT, domains=["applicant.example"])

    profile = _sign_up_and_verify(client, "bo@applicant.example")

    profile.refresh_from_db()
    assert profile.institution is None


def test_an_affiliated_person_is_not_moved_by_a_new_address(lab, university):
    profile = ProfileFactory(institution=university)
    address = EmailAddress.objects.create(
        user=profile.user, email="second@lab.example", verified=True
    )

    assert services.affiliation_by_verified_email(email_address=address) is None
    profile.refresh_from_db()
    assert profile.institution == university


@pytest.fixture
def representative(lab):
    rep = ProfileFactory(institution=lab, user__full_name="Rita Representative").user
    Institution.objects.filter(pk=lab.pk).update(representative=rep)
    lab.refresh_from_db()
    return rep


def test_request_notifies_the_representative(unaffiliated, lab, representative):
    request = services.affiliation_request(
        profile=unaffiliated, institution=lab, actor=unaffiliated.user, message="Group of Rita"
    )

    assert request.status == AffiliationRequest.Status.PENDING
    notice = Notification.objects.get(recipient=representative)
    assert notice.kind == "members.affiliation_requested"
    assert notice.title == "Una Affiliated asks to join Argonne Demo Lab"
    assert "Group of Rita" in notice.body
    # The notice names its actor by person_name(), which never falls back to the address.
    assert notice.actor == unaffiliated.user
    assert unaffiliated.user.email not in notice.title + notice.body


def test_without_a_representative_staff_are_asked(unaffiliated, lab, staff):
    services.affiliation_request(profile=unaffiliated, institution=lab, actor=unaffiliated.user)

    assert Notification.objects.filter(recipient=staff, kind="members.affiliation_requested")


def test_representative_confirms_and_the_person_is_notified(
    client, unaffiliated, lab, representative
):
    request = services.affiliation_request(
        profile=unaffiliated, institution=lab, actor=unaffiliated.user
    )
    client.force_login(representative)

    page = client.get(reverse("members:affiliation_requests"))
    response = client.post(reverse("members:affiliation_confirm", args=[request.pk]))

    assert "Una Affiliated" in page.content.decode()
    assert response.status_code == 302
    unaffiliated.refresh_from_db()
    assert unaffiliated.institution == lab
    assert unaffiliated.affiliated_via == Profile.AffiliatedVia.REPRESENTATIVE
    request.refresh_from_db()
    assert (request.status, request.decided_by) == ("confirmed", representative)
    assert Notification.objects.filter(
        recipient=unaffiliated.user, kind="members.affiliation_confirmed"
    ).exists()


def test_representative_declines_with_a_reason_and_the_person_is_notified(
    client, unaffiliated, lab, representative
):
    request = services.affiliation_request(
        profile=unaffiliated, institution=lab, actor=unaffiliated.user
    )
    client.force_login(representative)

    client.post(
        reverse("members:affiliation_decline", args=[request.pk]),
        {"reason": "Not in our staff list"},
    )

    unaffiliated.refresh_from_db()
    assert unaffiliated.institution is None
    request.refresh_from_db()
    assert request.status == AffiliationRequest.Status.DECLINED
    notice = Notification.objects.get(
        recipient=unaffiliated.user, kind="members.affiliation_declined"
    )
    assert "Not in our staff list" in notice.body


def test_a_request_is_decided_once(unaffiliated, lab, representative):
    request = services.affiliation_request(
        profile=unaffiliated, institution=lab, actor=unaffiliated.user
    )
    services.affiliation_request_decline(request=request, actor=representative)

    with pytest.raises(ApplicationError, match="already declined"):
        services.affiliation_request_confirm(request=request, actor=representative)


def test_another_institutions_representative_cannot_decide(
    client, unaffiliated, lab, representative, university
):
    other_rep = UserFactory()
    Institution.objects.filter(pk=university.pk).update(representative=other_rep)
    request = services.affiliation_request(
        profile=unaffiliated, institution=lab, actor=unaffiliated.user
    )
    client.force_login(other_rep)

    response = client.post(reverse("members:affiliation_confirm", args=[request.pk]))

    assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == AffiliationRequest.Status.PENDING


def test_staff_decide_only_with_a_second_factor(client, unaffiliated, lab, staff):
    request = services.affiliation_request(
        profile=unaffiliated, institution=lab, actor=unaffiliated.user
    )
    client.force_login(staff)

    refused = client.post(reverse("members:affiliation_confirm", args=[request.pk]))
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "x"})
    allowed = client.post(reverse("members:affiliation_confirm", args=[request.pk]))

    assert refused["Location"] == reverse("mfa_activate_totp")
    assert allowed.status_code == 302
    unaffiliated.refresh_from_db()
    assert unaffiliated.affiliated_via == Profile.AffiliatedVia.STAFF


def test_one_pending_request_at_a_time(unaffiliated, lab, university):
    services.affiliation_request(profile=unaffiliated, institution=lab, actor=unaffiliated.user)

    with pytest.raises(ApplicationError, match="already have a request waiting"):
        services.affiliation_request(
            profile=unaffiliated, institution=university, actor=unaffiliated.user
        )


def test_request_with_a_verified_address_on_the_domain_confirms_at_once(lab):
    profile = ProfileFactory(institution=None, user__email="late@lab.example")

    assert (
        services.affiliation_request(profile=profile, institution=lab, actor=profile.user) is None
    )
    profile.refresh_from_db()
    assert profile.institution == lab


def test_person_requests_and_withdraws_through_the_page(client, unaffiliated, lab):
    client.force_login(unaffiliated.user)

    client.post(reverse("members:affiliation"), {"institution": lab.pk, "message": "Hi"})
    pending = AffiliationRequest.objects.get(profile=unaffiliated)
    page = client.get(reverse("members:affiliation")).content.decode()
    client.post(reverse("members:affiliation_withdraw", args=[pending.pk]))

    assert "is waiting for confirmation" in page
    pending.refresh_from_db()
    assert pending.status == AffiliationRequest.Status.WITHDRAWN


DECIDED = [
    AffiliationRequest.Status.CONFIRMED,
    AffiliationRequest.Status.DECLINED,
    AffiliationRequest.Status.WITHDRAWN,
]


@pytest.mark.parametrize("status", DECIDED)
@pytest.mark.parametrize("move", ["confirm", "decline", "withdraw"])
def test_a_decided_request_moves_no_further(unaffiliated, lab, status, move):
    """Only the transitions AffiliationRequest.STATUS_TRANSITIONS names: a decided request
    stays as it was, whoever tries what."""
    representative = UserFactory()
    lab.representative = representative
    lab.save(update_fields=["representative"])
    request = AffiliationRequest.objects.create(
        profile=unaffiliated, institution=lab, status=status
    )
    service, actor = {
        "confirm": (services.affiliation_request_confirm, representative),
        "decline": (services.affiliation_request_decline, representative),
        "withdraw": (services.affiliation_request_withdraw, unaffiliated.user),
    }[move]

    with pytest.raises(ApplicationError):
        service(request=request, actor=actor)

    request.refresh_from_db()
    assert request.status == status
    assert request.decided_by is None
