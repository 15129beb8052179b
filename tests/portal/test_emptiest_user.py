"""The emptiest possible person - no name, no profile fields, no affiliation, as a new
account was before sign-up asked the name - breaks no page: not their own, not the
representative's or staff's pages that list them, not the admin's (issue 9, defect 1:
a nameless profile answered 500 wherever it was printed).

Every route of the URLconf is fetched with GET by each person; a route that takes an object
is fetched once per object of its kind (tests/portal/sweep.py).
"""

import pytest

from members import services
from members.models import Institution, Profile
from projects.models import Output, Project, Share, TeamMember
from steering.models import Seat
from steering.services import case_submit
from tests.factories import (
    InstitutionFactory,
    OpeningFactory,
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
from tests.steering.factories import (
    CaseFactory,
    MembershipApplicationFactory,
    SeatFactory,
    give_totp,
)
from workinggroups.models import Membership, WorkingGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """A chair whose institution a nameless person asks to join, a nameless applicant's
    case before the committee, working groups the nameless person leads and asked to join,
    a charter the nameless applicant proposed, and the secretariat."""
    chair_seat = SeatFactory(role=Seat.Role.CHAIR)
    member_seat = SeatFactory()
    lab = chair_seat.institution
    nameless = UserFactory(full_name="", email="nobody@nowhere.example")
    profile = services.profile_create(user=nameless, actor=nameless)  # as sign-up does
    request = services.affiliation_request(profile=profile, institution=lab, actor=nameless)
    applicant = UserFactory(full_name="")
    services.profile_create(user=applicant, actor=applicant)
    case = CaseFactory(
        subject=MembershipApplicationFactory(
            applicant=applicant,
            institution=InstitutionFactory(status=Institution.Status.APPLICANT, joined=None),
        )
    )
    staff = give_totp(UserFactory(is_staff=True, is_superuser=True))
    # Working groups: one the nameless person leads, one they asked to join, and a charter
    # the nameless applicant proposed (on the committee's case page and its proposer's).
    led = WorkingGroupFactory(proposer=nameless, expertise=["biology"])
    asked = WorkingGroupFactory(join_policy=WorkingGroup.JoinPolicy.APPROVAL)
    Membership.objects.create(group=asked, user=nameless, status="pending", message="Me too")
    proposed = WorkingGroupFactory(proposer=applicant, status=WorkingGroup.Status.PROPOSED)
    charter = case_submit(subject=proposed, actor=applicant, institutions=[])
    # A project whose team has the nameless person (invited, then on it) and a share and an
    # output; and a draft they are invited to.
    chair = chair_seat.representative
    project = ProjectFactory(created_by=chair, status=Project.Status.ACTIVE)
    nameless_place = TeamMember.objects.create(project=project, user=nameless, institution=lab)
    share = Share.objects.create(
        project=project, what="data", description="Spectra", terms="CC-BY-4.0", consented_by=chair
    )
    output = Output.objects.create(project=project, kind="paper", title="A paper", doi="10.1/x")
    draft = ProjectFactory(created_by=chair, status=Project.Status.DRAFT)
    invitation = TeamMember.objects.create(
        project=draft, user=nameless, status=TeamMember.Status.INVITED, invited_by=chair
    )
    # The nameless person leads a project and posts an opening on it.
    led = ProjectFactory(created_by=nameless)
    opening = OpeningFactory(project=led)
    objects = Objects(
        ids={
            "profile": list(Profile.objects.values_list("pk", flat=True)),
            "affiliation_request": [request.pk],
            "case": [case.pk, charter.pk],
            "seat": [chair_seat.pk, member_seat.pk],
            "notification": [],
            "decision": [],
            "team_place": [nameless_place.pk, invitation.pk],
            "share": [share.pk],
            "output": [output.pk],
        },
        slugs={
            "institution": [lab.slug, case.subject.institution.slug],
            "area": ["biology"],
            "project": [project.slug, draft.slug],
            "group": [led.slug, asked.slug, proposed.slug],
        },
    )
    # --- Allocations: the nameless person leads a project with machine time and asks for more.
    allocation, allocation_case = nameless_allocation_world(nameless)
    allocation_objects(objects, allocation, allocation_case)
    objects.ids["opening"] = [opening.pk]
    objects.slugs["project"].append(led.slug)
    # --- Events: the nameless person runs an event the nameless applicant registered for
    # (with an answer), and holds a place at one the chair runs.
    _theirs, applicant_place = nameless_events_world(nameless, applicant)
    _chairs, nameless_place = nameless_events_world(chair, nameless)
    event_objects(objects, applicant_place, nameless_place)
    # --- Events: the nameless person organises one the chair registered for, and waits for
    # a place at the chair's.
    objects.slugs["event"] += nameless_events(nameless, chair)
    people = {
        "nameless": nameless,
        "chair (representative)": chair_seat.representative,
        "staff": staff,
    }
    return people, objects


def _notification_ids(user):
    return list(user.notifications.values_list("pk", flat=True))


def test_no_page_answers_500_for_or_about_a_person_without_a_name(client, world):
    people, objects = world
    client.raise_request_exception = False  # collect every 500, not only the first
    failures = []
    for role, person in people.items():
        client.force_login(person)
        objects.ids["notification"] = _notification_ids(person)
        for name, url in urls(objects):
            status = client.get(url).status_code
            if status >= 500:
                failures.append(f"{role}: GET {url} ({name}) answered {status}")
    assert failures == []


def test_the_pages_that_list_a_nameless_person_name_them_neutrally(client, world):
    people, _objects = world
    client.force_login(people["chair (representative)"])

    page = client.get("/directory/affiliation-requests/").content.decode()

    assert "a TPC member" in page
    assert "nobody@nowhere.example" not in page
