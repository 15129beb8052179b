"""An address its owner hid appears nowhere that others read (issue 9, defect 2: the API
named a nameless person by their address to the chair and the committee).

Two nameless people with hidden profiles and hidden addresses do what newcomers do: one
asks to join an institution and has an application before the committee, the other (a
confirmed member) writes to a colleague and has a case of their own. Then every page and
API endpoint is fetched with GET by the chair, a committee member who represents another
institution, a member of the same institution, staff and a visitor, and the e-mails the
portal sent to others are read: none may carry either address.

The secretariat's admin and e-mail delivery pages show addresses by design (managing
accounts and failed deliveries is their job); they are the only exception, and only for
staff.
"""

import pytest
from django.core import mail

from members import services as members
from members.models import Institution, Profile
from projects.services.openings import opening_post, opening_subscribe
from steering.models import Seat
from steering.services import case_submit
from tests.factories import InstitutionFactory, ProfileFactory, ProjectFactory, UserFactory
from tests.portal.sweep import Objects, urls
from tests.steering.factories import MembershipApplicationFactory, SeatFactory, give_totp

pytestmark = pytest.mark.django_db

HIDDEN = ["first.hidden@newlab.example", "second.hidden@lab.example"]

# Pages where staff see addresses on purpose: account management and failed e-mail.
STAFF_ONLY_ADDRESS_PAGES = ("/admin/", "/inbox/delivery/")


def _hidden_profile(**fields) -> Profile:
    profile = ProfileFactory(
        display_name="",
        visibility=Profile.Visibility.HIDDEN,
        email_visible=False,
        **fields,
    )
    return profile


def _application(applicant):
    institution = InstitutionFactory(status=Institution.Status.APPLICANT, joined=None)
    application = MembershipApplicationFactory(applicant=applicant, institution=institution)
    return case_submit(subject=application, actor=applicant, institutions=[institution])


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    chair_seat = SeatFactory(role=Seat.Role.CHAIR)
    lab = chair_seat.institution
    member_seat = SeatFactory()
    colleague = ProfileFactory(institution=lab, visibility=Profile.Visibility.MEMBERS)
    first = _hidden_profile(institution=None, user__full_name="", user__email=HIDDEN[0])
    second = _hidden_profile(institution=lab, user__full_name="", user__email=HIDDEN[1])
    with django_capture_on_commit_callbacks(execute=True):
        request = members.affiliation_request(
            profile=first, institution=lab, actor=first.user, message="Please confirm me."
        )
        first_case = _application(first.user)
        members.contact_send(
            recipient=colleague, actor=second.user, subject="Hello", body="Shall we talk?"
        )
        second_case = _application(second.user)
    # A project the hidden second person leads, with an opening a student hears of.
    led = ProjectFactory(created_by=second.user)
    student = ProfileFactory(institution=lab, career_stage=Profile.CareerStage.STUDENT).user
    opening_subscribe(actor=student, positions=["postdoc"])
    with django_capture_on_commit_callbacks(execute=True):
        opening = opening_post(
            project=led, actor=second.user, position="postdoc", title="Postdoc", description="x"
        )
    objects = Objects(
        ids={
            "profile": list(Profile.objects.values_list("pk", flat=True)),
            "affiliation_request": [request.pk],
            "case": [first_case.pk, second_case.pk],
            "seat": [chair_seat.pk, member_seat.pk],
            "decision": [],
        },
        slugs={"institution": [lab.slug], "area": ["biology"], "project": [led.slug]},
    )
    objects.ids["opening"] = [opening.pk]
    viewers = {
        "chair": chair_seat.representative,
        "committee member and representative": member_seat.representative,
        "other member": colleague.user,
        "staff": give_totp(UserFactory(is_staff=True, is_superuser=True)),
        "anonymous": None,
    }
    return viewers, objects


def test_no_page_or_endpoint_shows_a_hidden_address_to_anyone_else(client, world):
    viewers, objects = world
    client.raise_request_exception = False
    leaks = []
    for role, viewer in viewers.items():
        client.logout()
        if viewer is not None:
            client.force_login(viewer)
        objects.ids["notification"] = (
            list(viewer.notifications.values_list("pk", flat=True)) if viewer else []
        )
        for name, url in urls(objects):
            if role == "staff" and url.startswith(STAFF_ONLY_ADDRESS_PAGES):
                continue
            body = client.get(url).content.decode(errors="replace")
            leaks += [f"{role}: GET {url} ({name}) shows {a}" for a in HIDDEN if a in body]
    assert leaks == []


def test_the_sweep_reaches_the_pages_that_name_them(client, world):
    """The sweep is worth something only if the pages it reads do name these people."""
    viewers, _objects = world
    client.force_login(viewers["chair"])

    inbox = client.get("/api/v1/notifications/").json()
    cases = client.get("/api/v1/cases/").json()

    assert {notice["actor"] for notice in inbox["results"]} >= {"a TPC member"}
    assert {case["submitter"] for case in cases["results"]} == {"a TPC member"}


def test_no_email_to_someone_else_carries_a_hidden_address(world):
    assert len(mail.outbox) >= 3  # the representative's, the chair's and the colleague's
    for message in mail.outbox:
        if set(message.to) & set(HIDDEN):
            continue
        text = message.subject + message.body
        for alternative, _type in getattr(message, "alternatives", []):
            text += str(alternative)
        assert not [a for a in HIDDEN if a in text], (message.to, message.subject)
