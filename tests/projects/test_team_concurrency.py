"""The one-PI invariant holds under concurrent requests (PostgreSQL: real row locks).

Two PIs step down at the same moment, each in their own connection: without the project's
row lock both would see the other still PI and the project would be left without one.
"""

import threading

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from projects import services
from projects.models import Project, TeamMember
from tests.factories import InstitutionFactory, ProfileFactory
from tpc_portal.errors import ApplicationError

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _two_pis():
    lab = InstitutionFactory()
    first, second = (ProfileFactory(institution=lab).user for _ in range(2))
    project = services.project_draft_create(
        actor=first, title="Two heads", summary="Two PIs.", kind=Project.Kind.PLATFORM
    )
    place = services.team_invite(project=project, actor=first, user=second, role="pi")
    services.team_invitation_accept(place=place, actor=second)
    return project, first, second


def test_two_pis_stepping_down_at_once_leave_one(db):
    project, first, second = _two_pis()
    start = threading.Barrier(2)
    refused = []

    def step_down(actor, other):
        try:
            start.wait(timeout=10)
            place = TeamMember.objects.get(project=project, user=other)
            services.team_role_change(place=place, actor=actor, role="co_pi")
        except ApplicationError as error:
            refused.append(error.message)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=step_down, args=(first, second)),
        threading.Thread(target=step_down, args=(second, first)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    pis = TeamMember.objects.filter(project=project, role="pi", status="active")
    assert pis.count() == 1
    # The second waited for the first's lock, then found itself no longer PI.
    assert len(refused) == 1


def test_a_role_change_locks_the_project_row_before_counting_its_pis(db):
    project, first, second = _two_pis()

    with CaptureQueriesContext(connection) as queries:
        services.team_role_change(
            place=TeamMember.objects.get(project=project, user=second), actor=first, role="co_pi"
        )

    sql = [query["sql"] for query in queries.captured_queries]
    lock = next(
        i for i, q in enumerate(sql) if 'FROM "projects_project"' in q and "FOR UPDATE" in q
    )
    count = next(i for i, q in enumerate(sql) if "COUNT(*)" in q and "projects_teammember" in q)
    assert lock < count
