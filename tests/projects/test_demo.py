"""`manage.py seed_demo` adds about 25 projects at every status, with teams from several
institutions, made through the services and decided by the demo committee, with a pair of
plainly overlapping proposals; running it again changes nothing (issue 12, item 9)."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from notifications.models import EmailState, Notification
from projects import demo
from projects.demo import openings as demo_openings
from projects.models import (
    Allocation,
    Opening,
    OpeningSubscription,
    Output,
    Project,
    ProjectVersion,
    Share,
    TeamMember,
)
from projects.search import search_projects
from projects.selectors import is_multi_institution
from projects.services.openings import opening_subscribers
from projects.validators import validate_doi
from steering.models import Case
from tpc_portal.models import AuditEntry

pytestmark = pytest.mark.django_db

S = Project.Status
MD5 = "django.contrib.auth.hashers.MD5PasswordHasher"


def _counts():
    return (
        Project.objects.count(),
        TeamMember.objects.count(),
        ProjectVersion.objects.count(),
        Share.objects.count(),
        Output.objects.count(),
        Case.objects.count(),
        AuditEntry.objects.count(),
        Notification.objects.count(),
        Allocation.objects.count(),
    )


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo, seeded once for the module inside a transaction rolled back at its end
    (each test runs in a savepoint of it, as usual)."""
    out = io.StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=[MD5]):
            call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def _team(email):
    return TeamMember.objects.filter(user__email=email, status=TeamMember.Status.ACTIVE)


def test_seed_demo_adds_projects_at_every_status_and_changes_nothing_when_run_again(seeded):
    counts = _counts()

    assert list(demo.seed()) == []
    call_command("seed_demo", stdout=io.StringIO())

    assert _counts() == counts
    assert Project.objects.count() == len(demo.PLANS) == 25
    assert set(Project.objects.values_list("status", flat=True)) == set(S.values)
    assert "Created 25 projects" in seeded


def test_every_proposal_went_through_the_committee_as_a_project_case(seeded):
    cases = {
        project.title: project.cases.get(kind=Case.Kind.PROJECT)
        for project in Project.objects.exclude(status=S.DRAFT).exclude(cases=None)
    }

    assert len(cases) == len(demo.PLANS) - 3  # two drafts, and one withdrawn as a draft
    for project in Project.objects.filter(status__in=[S.ACTIVE, S.COMPLETED]):
        assert cases[project.title].status == Case.Status.APPROVED
        assert project.cases.get().decisions.get().outcome == "approved"
    for project in Project.objects.filter(status=S.REVISION_REQUESTED):
        assert cases[project.title].status == Case.Status.REVISION_REQUESTED
    for project in Project.objects.filter(status=S.PROPOSED):
        assert cases[project.title].is_open
    resubmitted = Project.objects.get(title="Retrieval-Augmented Assistant for HPC User Support")
    assert list(resubmitted.versions.values_list("number", flat=True)) == [1, 2]
    assert cases[resubmitted.title].reviews.filter(submitted_at__isnull=False).exists()


def test_the_overlapping_pair_is_before_the_committee(seeded):
    first, second = (Project.objects.get(title=title) for title in demo.OVERLAPPING)

    assert first.status == second.status == S.PROPOSED
    assert first.lead_institution != second.lead_institution
    assert set(first.expertise.all()) == set(second.expertise.all())
    shared = set(first.keywords.all()) & set(second.keywords.all())
    assert len(shared) >= 3
    assert second.differs_from_similar
    found = set(search_projects(Project.objects.all(), "protein language model"))
    assert {first, second} <= found


@pytest.mark.postgres
def test_postgres_the_search_vector_of_every_demo_project_is_current(seeded):
    assert not Project.objects.filter(search_vector__isnull=True).exists()
    revised = Project.objects.get(title="Retrieval-Augmented Assistant for HPC User Support")
    assert revised in search_projects(Project.objects.all(), "anonymised tickets")


def test_teams_come_from_several_institutions_with_every_role(seeded):
    active = Project.objects.filter(status=S.ACTIVE)

    assert active.count() >= 8
    assert all(is_multi_institution(project) for project in active)
    assert active.values("lead_institution").distinct().count() >= 8
    roles = set(TeamMember.objects.values_list("role", flat=True))
    assert roles == set(TeamMember.Role.values)
    for project in Project.objects.all():
        assert project.team.filter(role="pi", status="active").count() == 1
    # Waiting for an answer: an invitation (Ada's) and a request to join (to Grace).
    assert TeamMember.objects.filter(status=TeamMember.Status.INVITED).exists()
    assert TeamMember.objects.filter(status=TeamMember.Status.REQUESTED).exists()


def test_grace_and_ada_are_each_on_a_couple_of_projects(seeded):
    assert _team(demo.GRACE).filter(role="pi", project__status=S.ACTIVE).exists()
    assert _team(demo.GRACE).count() >= 2
    assert _team(demo.ADA).count() >= 2
    # They chair and vice-chair the committee: never both on one team.
    grace_projects = set(_team(demo.GRACE).values_list("project", flat=True))
    assert not grace_projects & set(_team(demo.ADA).values_list("project", flat=True))


def test_shares_have_terms_and_outputs_have_well_formed_dois(seeded):
    assert Share.objects.count() >= 20
    assert not Share.objects.filter(terms="").exists()
    outputs = Output.objects.all()
    assert outputs.count() >= 10
    for output in outputs:
        validate_doi(output.doi)
        assert output.doi.startswith("10.5555/")
    assert Project.objects.filter(working_groups__isnull=False).distinct().count() >= 20


def test_the_allocations_demo_gives_machine_time_to_projects_of_three_institutions(seeded):
    allocated = Project.objects.filter(allocations__isnull=False).distinct()

    assert allocated.count() == 3
    assert allocated.values("lead_institution").distinct().count() == 3
    assert allocated.filter(team__user__email=demo.GRACE).exists()


def test_the_demo_notices_about_projects_are_not_e_mailed(seeded):
    notices = Notification.objects.filter(kind__startswith="projects.")

    assert notices.exists()
    assert not notices.filter(email_state__in=[EmailState.PENDING, EmailState.DIGEST]).exists()


def test_openings_are_posted_on_active_projects_and_reach_a_subscribed_student(seeded):
    openings = Opening.objects.select_related("project")
    assert openings.count() == len(demo_openings.OPENINGS)
    assert {opening.project.status for opening in openings} == {S.ACTIVE}
    assert set(openings.values_list("position", flat=True)) == set(Opening.Position.values)
    subscriber = OpeningSubscription.objects.select_related("user").get().user
    # Told after the demo's transaction commits (which this module's fixture never does).
    student_openings = openings.filter(position=Opening.Position.STUDENT)
    assert all(subscriber in opening_subscribers(opening) for opening in student_openings)
    assert "Posted 4 openings" in seeded
    assert list(demo.seed_openings()) == []
