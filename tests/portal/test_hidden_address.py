"""An address its owner hid appears nowhere that others read (issue 9, defect 2: the API
named a nameless person by their address to the chair and the committee).

Two nameless people with hidden profiles and hidden addresses do what newcomers do: one
asks to join an institution and has an application before the committee, the other (a
confirmed member) writes to a colleague and has a case of their own; in the working groups
the second leads one, which the first asked to join, asks to join the colleague's group and
proposes a charter. Then every page and
API endpoint is fetched with GET by the chair, a committee member who represents another
institution, a member of the same institution, staff and a visitor, and the e-mails the
portal sent to others are read: none may carry either address.

The secretariat's admin and e-mail delivery pages show addresses by design (managing
accounts and failed deliveries is their job); they are the only exception, and only for
staff.
"""

import pytest
from django.core import mail

from events.models import Event
from events.services.registration import registration_create
from members import services as members
from members.models import Institution, Profile
from projects import services as projects
from projects.models import Project, TeamMember
from projects.services.openings import opening_post, opening_subscribe
from steering.models import Seat
from steering.services import case_submit
from tests.factories import (
    InstitutionFactory,
    ProfileFactory,
    ProjectFactory,
    UserFactory,
    WorkingGroupFactory,
)
from tests.portal.sweep import (
    Objects,
    allocation_objects,
    event_objects,
    nameless_allocation_world,
    nameless_events,
    nameless_events_world,
    urls,
)
from tests.steering.factories import MembershipApplicationFactory, SeatFactory, give_totp
from workinggroups.models import Membership, WorkingGroup
from workinggroups.services.groups import working_group_propose
from workinggroups.services.membership import membership_join

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


def _text(response) -> str:
    """The body of a page, an API answer or a download (a ledger CSV streams)."""
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


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
        # Working groups: the hidden member leads one, which the other hidden person asked
        # to join; they ask to join the colleague's group (its lead is told) and propose a
        # charter of their own (the committee reads it).
        led = WorkingGroupFactory(
            proposer=second.user, join_policy=WorkingGroup.JoinPolicy.APPROVAL
        )
        Membership.objects.create(group=led, user=first.user, status="pending", message="Hi")
        colleagues = WorkingGroupFactory(
            proposer=colleague.user, join_policy=WorkingGroup.JoinPolicy.APPROVAL
        )
        membership_join(group=colleagues, actor=second.user, message="Count me in")
        proposed = working_group_propose(
            actor=second.user, name="A hidden proposal", mission="Models of proteins."
        )
    # The second (a confirmed member of the lab) is on an active project's team and asks
    # to join another; the first is invited to a draft.
    with django_capture_on_commit_callbacks(execute=True):
        project = ProjectFactory(created_by=colleague.user, status=Project.Status.ACTIVE)
        on_team = projects.team_invite(project=project, actor=colleague.user, user=second.user)
        projects.team_invitation_accept(place=on_team, actor=second.user)
        other = ProjectFactory(created_by=colleague.user, status=Project.Status.ACTIVE)
        asking = projects.team_request_join(project=other, actor=second.user, message="Hi")
        draft = ProjectFactory(created_by=colleague.user, status=Project.Status.DRAFT)
        invited = TeamMember.objects.create(
            project=draft, user=first.user, status=TeamMember.Status.INVITED
        )
    # A project the hidden second person leads, with an opening a student hears of.
    led_project = ProjectFactory(created_by=second.user)
    student = ProfileFactory(institution=lab, career_stage=Profile.CareerStage.STUDENT).user
    opening_subscribe(actor=student, positions=["postdoc"])
    with django_capture_on_commit_callbacks(execute=True):
        opening = opening_post(
            project=led_project,
            actor=second.user,
            position="postdoc",
            title="Postdoc",
            description="x",
        )
    objects = Objects(
        ids={
            "profile": list(Profile.objects.values_list("pk", flat=True)),
            "affiliation_request": [request.pk],
            "case": [first_case.pk, second_case.pk, proposed.cases.get().pk],
            "seat": [chair_seat.pk, member_seat.pk],
            "decision": [],
            "team_place": [on_team.pk, asking.pk, invited.pk],
        },
        slugs={
            "institution": [lab.slug],
            "area": ["biology"],
            "project": [project.slug, other.slug, draft.slug, led_project.slug],
            "group": [led.slug, colleagues.slug, proposed.slug],
        },
    )
    # --- Allocations: the second hidden person leads a project with machine time and asks
    # for more.
    with django_capture_on_commit_callbacks(execute=True):
        allocation, allocation_case = nameless_allocation_world(second.user)
    allocation_objects(objects, allocation, allocation_case)
    objects.ids["opening"] = [opening.pk]
    # --- Events: both hidden people hold a place at an event the colleague runs; the
    # second runs one of their own, at which the first holds a place.
    with django_capture_on_commit_callbacks(execute=True):
        colleagues_event, first_place = nameless_events_world(colleague.user, first.user)
        second_place = registration_create(event=colleagues_event, actor=second.user)
        _own, first_at_second = nameless_events_world(second.user, first.user)
    event_objects(objects, first_place, second_place, first_at_second)
    # --- Events: the second organises one the colleague registered for; both hidden people
    # wait for a place at the colleague's.
    second_event, colleague_event = nameless_events(second.user, colleague.user)
    registration_create(event=Event.objects.get(slug=colleague_event), actor=first.user)
    objects.slugs["event"] += [second_event, colleague_event]
    viewers = {
        "project lead": colleague.user,
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
            body = _text(client.get(url))
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


def test_the_sweep_reaches_the_group_pages_that_name_them(client, world):
    viewers, objects = world
    client.force_login(viewers["other member"])
    led, colleagues, _proposed = objects.slugs["group"]

    requests = client.get(f"/groups/{colleagues}/members/").content.decode()
    leads = client.get(f"/api/v1/working-groups/{led}/").json()["leads"]

    assert "a TPC member" in requests
    assert leads == [{"name": "a TPC member", "researcher": None}]


def test_the_sweep_reaches_the_project_pages_that_name_them(client, world):
    viewers, objects = world
    client.force_login(viewers["project lead"])
    project, other, _draft = objects.slugs["project"][:3]

    team = client.get(f"/projects/{other}/team/").content.decode()
    page = client.get(f"/projects/{project}/").content.decode()

    assert "a TPC member" in team  # the second asks to join
    assert "a TPC member" in page  # and is on this team


def test_the_sweep_reaches_the_event_pages_that_name_them(client, world):
    viewers, objects = world
    client.force_login(viewers["other member"])  # the colleague runs the first event
    event = objects.slugs["event"][0]

    listed = client.get(f"/events/{event}/registrations/").content.decode()
    exported = _text(client.get(f"/events/{event}/registrations.csv"))
    door = client.get(f"/events/{event}/check-in/").content.decode()

    assert listed.count("a TPC member") == 2
    assert exported.count("a TPC member") == 2
    assert door.count("<span>a TPC member</span>") == 2  # each beside their button


def test_the_sweep_reaches_the_event_endpoints_that_name_them(client, world):
    viewers, objects = world
    client.force_login(viewers["other member"])
    second_event, colleague_event = objects.slugs["event"][-2:]

    organisers = client.get(f"/api/v1/events/{second_event}/").json()["organisers"]
    registrants = client.get(f"/api/v1/events/{colleague_event}/registrations/").json()

    assert organisers == ["a TPC member"]
    names = [row["name"] for row in registrants["results"]]
    assert names.count("a TPC member") == 2
