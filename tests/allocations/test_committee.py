"""Requests before the committee: who sits out, what the committee sees, and what its
decision does (grant less than asked, never more; supplement; extension; reject)."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from notifications.models import Notification
from projects.models import Allocation
from projects.services.allocations import allocation_request_submit
from steering import services as steering
from steering.models import Case
from steering.selectors import seat_is_recused
from tests.allocations.helpers import co_pi_of, committee, decide, frozen, two_periods
from tests.factories import AllocationFactory, ProjectFactory, ResourceFactory
from tpc_portal.audit import audit_of
from tpc_portal.errors import ApplicationError

pytestmark = pytest.mark.django_db


def _new_request(amount=5000, **resource_fields):
    first, _second = two_periods()
    project = ProjectFactory()
    resource = ResourceFactory(**resource_fields)
    request = allocation_request_submit(
        actor=project.created_by,
        project=project,
        kind="new",
        resource=resource,
        period=first,
        amount=amount,
        justification="Pre-training on the literature.",
    )
    return request, request.cases.get()


def test_the_projects_institutions_and_the_sites_host_sit_out():
    with frozen(2026, 11, 15):
        first, _second = two_periods()
        project = ProjectFactory()
        co_pi = co_pi_of(project)
        resource = ResourceFactory()
        pi_lab, co_pi_lab = project.lead_institution, co_pi.profile.institution
        host = resource.site.host_institution
        seats = committee(pi_lab, co_pi_lab, host)
        request = allocation_request_submit(
            actor=project.created_by,
            project=project,
            kind="new",
            resource=resource,
            period=first,
            amount=100,
            justification="Fine-tuning.",
        )

    case = request.cases.get()
    assert set(case.institutions.all()) == {pi_lab, co_pi_lab, host}
    recused = {seat.institution for seat in seats if seat_is_recused(seat, case)}
    assert recused == {pi_lab, co_pi_lab, host}


def test_the_case_page_shows_capacity_granted_and_over_subscription(client):
    with frozen(2026, 11, 15):
        request, case = _new_request(amount=20_000, capacity=100_000)
        AllocationFactory(resource=request.resource, period=request.period, granted=60_000)
        AllocationFactory(resource=request.resource, period=request.period, granted=30_000)
        chair = committee()[0].representative
        client.force_login(chair)

        page = client.get(reverse("steering:case", args=[case.pk])).content.decode()

    assert "Capacity in 2027-H1" in page
    assert "100,000" in page  # capacity
    assert "90,000" in page  # granted already
    assert "20,000" in page  # this request
    assert "<mark>110.0 %</mark>" in page
    assert "Over-subscribed." in page
    assert "10,000 GPU-hours more than the resource can give" in page


def test_a_request_within_capacity_is_not_marked_over_subscribed(client):
    with frozen(2026, 11, 15):
        _request, case = _new_request(amount=10_000, capacity=100_000)
        client.force_login(committee()[0].representative)

        page = client.get(reverse("steering:case", args=[case.pk])).content.decode()

    assert "10.0 %" in page
    assert "Over-subscribed" not in page
    assert "<mark>" not in page


def test_the_committee_grants_less_than_asked():
    with frozen(2026, 11, 15):
        request, case = _new_request(amount=5000)
        co_pi = co_pi_of(request.project)
        decide(committee(), case, terms={"granted": Decimal("3000")}, rationale="Start smaller.")

    allocation = Allocation.objects.get(project=request.project)
    assert allocation.granted == Decimal(3000)
    assert (allocation.start, allocation.end) == (date(2027, 1, 1), date(2027, 6, 30))
    assert allocation.status == Allocation.Status.ACTIVE
    assert allocation.period == request.period
    request.refresh_from_db()
    assert request.granted == Decimal(3000)
    assert audit_of(allocation).get().verb == "allocation.granted"
    for lead in (request.project.created_by, co_pi):
        notice = Notification.objects.get(
            recipient=lead, kind="projects.allocation_request_decided"
        )
        assert "Approved" in notice.title
        assert "Granted: 3,000 GPU-hours (5,000 GPU-hours asked)." in notice.body
        assert "Start smaller." in notice.body


def test_the_committee_grants_what_was_asked_when_it_says_no_amount():
    with frozen(2026, 11, 15):
        request, case = _new_request(amount=5000)
        decide(committee(), case)

    assert Allocation.objects.get(project=request.project).granted == Decimal(5000)


def test_the_committee_may_not_grant_more_than_asked():
    with frozen(2026, 11, 15):
        _request, case = _new_request(amount=5000)
        seats = committee()
        with pytest.raises(ApplicationError) as refused:
            decide(seats, case, terms={"granted": Decimal("6000")})

    assert "granted" in refused.value.errors
    assert not Allocation.objects.exists()
    assert Case.objects.get(pk=case.pk).status == Case.Status.IN_REVIEW
    assert not case.decisions.exists()


def test_the_chairs_decision_form_asks_the_amount_granted(client):
    with frozen(2026, 11, 15):
        _request, case = _new_request(amount=5000)
        seats = committee()
        chair = seats[0].representative
        steering.case_review_start(
            case=case, actor=chair, review_deadline=case.submitted_at.replace(year=2027)
        )
        client.force_login(chair)

        page = client.get(reverse("steering:decision", args=[case.pk])).content.decode()

    assert "Amount granted" in page
    assert "at most the 5,000 GPU-hours asked" in page


def test_a_comment_to_the_proposer_reaches_the_pi_with_the_decision():
    with frozen(2026, 11, 15):
        request, case = _new_request(amount=5000)
        seats = committee()
        chair = seats[0].representative
        steering.case_review_start(
            case=case, actor=chair, review_deadline=case.submitted_at.replace(year=2027)
        )
        reviewer = seats[2]
        review = steering.review_assign(case=case, seat=reviewer, actor=chair)
        steering.review_submit(
            review=review,
            actor=reviewer.representative,
            score=4,
            recommendation="approve",
            comments_committee="",
            comments_proposer="Show the scaling runs next time.",
        )
        decide(seats, case, terms={"granted": Decimal("4000")}, started=True)

    notice = Notification.objects.get(
        recipient=request.project.created_by, kind="projects.allocation_request_decided"
    )
    assert "Show the scaling runs next time." in notice.body


def test_a_rejection_grants_nothing_and_says_so():
    with frozen(2026, 11, 15):
        request, case = _new_request(amount=5000)
        decide(committee(), case, outcome="rejected", rationale="Over-subscribed.")

    assert not Allocation.objects.exists()
    request.refresh_from_db()
    assert request.granted is None
    notice = Notification.objects.get(
        recipient=request.project.created_by, kind="projects.allocation_request_decided"
    )
    assert "Rejected" in notice.title
    assert "Over-subscribed." in notice.body


def test_after_a_revision_the_requester_resubmits_the_same_request():
    with frozen(2026, 11, 15):
        request, case = _new_request(amount=5000)
        decide(committee(), case, outcome="revision_requested", rationale="Say more.")
        steering.case_resubmit(case=case, actor=request.project.created_by, note="Said more.")

    assert Case.objects.get(pk=case.pk).status == Case.Status.SUBMITTED
    assert not Allocation.objects.exists()


def test_an_approved_supplement_adds_to_the_allocation_and_reopens_it():
    first, _second = two_periods()
    allocation = AllocationFactory(period=first, granted=1000, status=Allocation.Status.EXHAUSTED)
    Allocation.objects.filter(pk=allocation.pk).update(used=1000)
    with frozen(2027, 3, 1):
        request = allocation_request_submit(
            actor=allocation.project.created_by,
            project=allocation.project,
            kind="supplement",
            allocation=allocation,
            amount=500,
            justification="The last runs.",
        )
        decide(committee(), request.cases.get(), terms={"granted": Decimal("400")})

    allocation.refresh_from_db()
    assert allocation.granted == Decimal(1400)
    assert allocation.status == Allocation.Status.ACTIVE
    assert audit_of(allocation).get().verb == "allocation.supplemented"


def test_an_approved_extension_moves_the_end_date():
    first, _second = two_periods()
    allocation = AllocationFactory(period=first)
    with frozen(2027, 5, 1):
        request = allocation_request_submit(
            actor=allocation.project.created_by,
            project=allocation.project,
            kind="extension",
            allocation=allocation,
            new_end=date(2027, 9, 30),
            justification="The cluster was down in April.",
        )
        decide(committee(), request.cases.get())

    allocation.refresh_from_db()
    assert allocation.end == date(2027, 9, 30)
    assert allocation.granted == Decimal(1000)
    notice = Notification.objects.get(
        recipient=allocation.project.created_by, kind="projects.allocation_request_decided"
    )
    assert "The allocation now ends on 30 Sep 2027." in notice.body


def test_an_approved_renewal_creates_the_next_periods_allocation():
    first, second = two_periods()
    allocation = AllocationFactory(period=first)
    with frozen(2027, 6, 1):
        request = allocation_request_submit(
            actor=allocation.project.created_by,
            project=allocation.project,
            kind="renewal",
            allocation=allocation,
            amount=800,
            justification="The next stage.",
        )
        decide(committee(), request.cases.get(), terms={"granted": Decimal("600")})

    renewed = Allocation.objects.get(period=second)
    assert renewed.granted == Decimal(600)
    assert (renewed.start, renewed.end) == (second.start, second.end)
    assert renewed.resource == allocation.resource
