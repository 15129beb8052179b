"""Asking for machine time: who may ask, and the windows and amounts of each kind."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from projects.models import Allocation, AllocationRequest, Project
from projects.services.allocations import allocation_request_submit
from steering.models import Case
from tests.allocations.helpers import co_pi_of, frozen, member_of_team, two_periods
from tests.factories import AllocationFactory, ProjectFactory, ResourceFactory
from tpc_portal.audit import audit_of
from tpc_portal.errors import ApplicationError

pytestmark = pytest.mark.django_db


def _ask(project, actor=None, **fields):
    fields.setdefault("justification", "Pre-training a 70B model on the literature.")
    return allocation_request_submit(actor=actor or project.created_by, project=project, **fields)


def _refused(project, field, actor=None, **fields):
    with pytest.raises(ApplicationError) as refused:
        _ask(project, actor, **fields)
    assert field in refused.value.errors, refused.value.errors
    return refused.value


# --- New time ---------------------------------------------------------------------------------


def test_the_pi_asks_for_new_time_while_the_window_is_open():
    first, _second = two_periods()
    project = ProjectFactory()
    resource = ResourceFactory()

    with frozen(2026, 11, 15):
        request = _ask(project, kind="new", resource=resource, period=first, amount=5000)

    assert request.kind == AllocationRequest.Kind.NEW
    assert request.amount == Decimal(5000)
    assert request.requested_by == project.created_by
    case = request.cases.get()
    assert case.kind == Case.Kind.ALLOCATION
    assert case.status == Case.Status.SUBMITTED
    assert case.submitter == project.created_by
    assert audit_of(request).filter(verb="allocation_request.submitted").exists()


def test_a_co_pi_may_ask_too():
    first, _second = two_periods()
    project = ProjectFactory()

    with frozen(2026, 11, 15):
        request = _ask(
            project,
            co_pi_of(project),
            kind="new",
            resource=ResourceFactory(),
            period=first,
            amount=10,
        )

    assert request.pk


def test_a_team_member_who_is_not_a_pi_may_not_ask():
    first, _second = two_periods()
    project = ProjectFactory()

    with frozen(2026, 11, 15), pytest.raises(PermissionDenied):
        _ask(
            project,
            member_of_team(project),
            kind="new",
            resource=ResourceFactory(),
            period=first,
            amount=10,
        )


def test_only_an_active_project_may_ask():
    first, _second = two_periods()
    project = ProjectFactory(status=Project.Status.COMPLETED)

    with frozen(2026, 11, 15):
        _refused(project, "project", kind="new", resource=ResourceFactory(), period=first, amount=1)


@pytest.mark.parametrize("day", [date(2026, 9, 30), date(2026, 12, 1)])
def test_new_time_outside_the_request_window_is_refused(day):
    first, _second = two_periods()

    with frozen(day.year, day.month, day.day):
        error = _refused(
            ProjectFactory(),
            "period",
            kind="new",
            resource=ResourceFactory(),
            period=first,
            amount=1,
        )

    assert "2027-H1" in error.errors["period"][0]


@pytest.mark.parametrize("amount", [0, -5, None])
def test_an_amount_must_be_more_than_zero(amount):
    first, _second = two_periods()

    with frozen(2026, 11, 15):
        _refused(
            ProjectFactory(),
            "amount",
            kind="new",
            resource=ResourceFactory(),
            period=first,
            amount=amount,
        )


def test_new_time_is_at_most_the_resources_capacity():
    first, _second = two_periods()
    resource = ResourceFactory(capacity=1000)

    with frozen(2026, 11, 15):
        error = _refused(
            ProjectFactory(), "amount", kind="new", resource=resource, period=first, amount=1001
        )
        _ask(ProjectFactory(), kind="new", resource=resource, period=first, amount=1000)

    assert "1,000" in error.errors["amount"][0]


def test_every_field_at_fault_is_named_at_once():
    project = ProjectFactory()

    with frozen(2026, 11, 15):
        error = _refused(project, "period", kind="new", justification=" ")

    assert {"resource", "period", "amount", "justification"} <= set(error.errors)


def test_new_time_where_the_project_already_has_some_is_refused():
    first, _second = two_periods()
    allocation = AllocationFactory(period=first)

    with frozen(2026, 11, 15):
        error = _refused(
            allocation.project,
            "resource",
            kind="new",
            resource=allocation.resource,
            period=first,
            amount=10,
        )

    assert "supplement" in error.message


def test_a_like_request_already_before_the_committee_is_refused():
    first, _second = two_periods()
    project, resource = ProjectFactory(), ResourceFactory()

    with frozen(2026, 11, 15):
        _ask(project, kind="new", resource=resource, period=first, amount=10)
        _refused(project, "resource", kind="new", resource=resource, period=first, amount=20)


# --- Renewal ----------------------------------------------------------------------------------


def test_a_renewal_45_days_before_the_end_is_refused():
    first, _second = two_periods()
    allocation = AllocationFactory(period=first)  # ends 30 June 2027

    with frozen(2027, 5, 16):  # 45 days before
        error = _refused(
            allocation.project, "allocation", kind="renewal", allocation=allocation, amount=500
        )

    assert "30 days" in error.errors["allocation"][0]


def test_a_renewal_30_days_before_the_end_is_for_the_next_period():
    first, second = two_periods()
    allocation = AllocationFactory(period=first)

    with frozen(2027, 5, 31):  # 30 days before
        request = _ask(allocation.project, kind="renewal", allocation=allocation, amount=500)

    assert request.period == second
    assert request.resource == allocation.resource
    assert request.allocation == allocation


def test_a_renewal_for_another_period_than_the_next_is_refused():
    first, _second = two_periods()
    allocation = AllocationFactory(period=first)

    with frozen(2027, 5, 31):
        _refused(
            allocation.project,
            "period",
            kind="renewal",
            allocation=allocation,
            period=first,
            amount=5,
        )


def test_a_renewal_without_a_next_period_is_refused():
    allocation = AllocationFactory()

    with frozen(2027, 6, 15):
        _refused(allocation.project, "period", kind="renewal", allocation=allocation, amount=5)


def test_a_renewal_of_another_projects_allocation_is_refused():
    first, _second = two_periods()
    allocation = AllocationFactory(period=first)

    with frozen(2027, 5, 31):
        _refused(ProjectFactory(), "allocation", kind="renewal", allocation=allocation, amount=5)


# --- Supplement -------------------------------------------------------------------------------


def test_a_supplement_in_the_current_period_adds_to_a_running_allocation():
    first, _second = two_periods()
    allocation = AllocationFactory(period=first)

    with frozen(2027, 3, 1):
        request = _ask(allocation.project, kind="supplement", allocation=allocation, amount=250)

    assert request.period == first
    assert request.resource == allocation.resource


def test_an_exhausted_allocation_may_be_supplemented():
    first, _second = two_periods()
    allocation = AllocationFactory(period=first, status=Allocation.Status.EXHAUSTED)

    with frozen(2027, 3, 1):
        assert _ask(allocation.project, kind="supplement", allocation=allocation, amount=250)


def test_a_supplement_after_the_period_is_refused():
    first, _second = two_periods()
    allocation = AllocationFactory(period=first)

    with frozen(2027, 7, 2):
        _refused(
            allocation.project, "allocation", kind="supplement", allocation=allocation, amount=5
        )


@pytest.mark.parametrize("status", [Allocation.Status.EXPIRED, Allocation.Status.SUSPENDED])
def test_a_supplement_of_a_stopped_allocation_is_refused(status):
    first, _second = two_periods()
    allocation = AllocationFactory(period=first, status=status)

    with frozen(2027, 3, 1):
        _refused(
            allocation.project, "allocation", kind="supplement", allocation=allocation, amount=5
        )


def test_a_supplement_must_name_an_amount():
    first, _second = two_periods()
    allocation = AllocationFactory(period=first)

    with frozen(2027, 3, 1):
        _refused(allocation.project, "amount", kind="supplement", allocation=allocation, amount=0)


# --- Extension --------------------------------------------------------------------------------


def test_an_extension_of_at_most_six_months_within_90_days_of_the_end():
    first, _second = two_periods()
    allocation = AllocationFactory(period=first)  # ends 30 June 2027

    with frozen(2027, 4, 1):  # 90 days before
        request = _ask(
            allocation.project, kind="extension", allocation=allocation, new_end=date(2027, 12, 30)
        )

    assert request.new_end == date(2027, 12, 30)
    assert request.amount == 0


def test_an_extension_beyond_six_months_is_refused():
    first, _second = two_periods()
    allocation = AllocationFactory(period=first)

    with frozen(2027, 5, 1):
        error = _refused(
            allocation.project,
            "new_end",
            kind="extension",
            allocation=allocation,
            new_end=date(2027, 12, 31),
        )

    assert "6 months" in error.errors["new_end"][0]


def test_an_extension_asked_more_than_90_days_before_the_end_is_refused():
    first, _second = two_periods()
    allocation = AllocationFactory(period=first)

    with frozen(2027, 3, 31):
        _refused(
            allocation.project,
            "allocation",
            kind="extension",
            allocation=allocation,
            new_end=date(2027, 8, 31),
        )


@pytest.mark.parametrize("new_end", [None, date(2027, 6, 30), date(2027, 6, 1)])
def test_an_extension_needs_a_later_end_date(new_end):
    first, _second = two_periods()
    allocation = AllocationFactory(period=first)

    with frozen(2027, 5, 1):
        _refused(
            allocation.project, "new_end", kind="extension", allocation=allocation, new_end=new_end
        )


def test_an_unknown_kind_is_refused():
    with frozen(2027, 5, 1):
        _refused(ProjectFactory(), "kind", kind="gift")
