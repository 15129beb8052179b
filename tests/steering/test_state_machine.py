"""Every allowed and every refused transition of a case, through the services that make them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from members.models import Institution
from steering import audit, services
from steering.models import Case
from steering.services import InvalidTransition
from steering.services.common import transition_check
from tests.steering.factories import BallotFactory, CaseFactory
from tpc_portal.audit import audit_of

pytestmark = pytest.mark.django_db

S = Case.Status
ALL = list(S)


@pytest.mark.parametrize("old", ALL)
@pytest.mark.parametrize("new", ALL)
def test_the_transition_table(old, new):
    case = Case(status=old)
    allowed = {
        (S.SUBMITTED, S.IN_REVIEW),
        (S.SUBMITTED, S.WITHDRAWN),
        (S.IN_REVIEW, S.APPROVED),
        (S.IN_REVIEW, S.REJECTED),
        (S.IN_REVIEW, S.REVISION_REQUESTED),
        (S.IN_REVIEW, S.WITHDRAWN),
        (S.REVISION_REQUESTED, S.SUBMITTED),
        (S.REVISION_REQUESTED, S.WITHDRAWN),
    }
    if (old, new) in allowed:
        transition_check(case, new)
    else:
        with pytest.raises(InvalidTransition):
            transition_check(case, new)


def _start(case, committee):
    return services.case_review_start(
        case=case,
        actor=committee.chair.representative,
        review_deadline=timezone.now() + timedelta(days=7),
    )


def _withdraw(case, committee):
    return services.case_withdraw(case=case, actor=case.submitter)


def _resubmit(case, committee):
    return services.case_resubmit(case=case, actor=case.submitter, note="Added a data plan.")


def _decider(outcome):
    def decide(case, committee):
        ballot = BallotFactory(case=case, opened_by=committee.chair.representative)
        if case.status == S.IN_REVIEW:  # elsewhere the vote is refused, and so the decision
            for seat in committee.seats:
                services.vote_cast(ballot=ballot, actor=seat.representative, choice="reject")
        return services.decision_record(
            case=case, actor=committee.chair.representative, outcome=outcome, rationale="x"
        )

    return decide


SERVICES = {
    "start review": (_start, {S.SUBMITTED: S.IN_REVIEW}),
    "withdraw": (
        _withdraw,
        {S.SUBMITTED: S.WITHDRAWN, S.IN_REVIEW: S.WITHDRAWN, S.REVISION_REQUESTED: S.WITHDRAWN},
    ),
    "resubmit": (_resubmit, {S.REVISION_REQUESTED: S.SUBMITTED}),
    "reject": (_decider("rejected"), {S.IN_REVIEW: S.REJECTED}),
    "request revision": (_decider("revision_requested"), {S.IN_REVIEW: S.REVISION_REQUESTED}),
}


@pytest.mark.parametrize("old", ALL)
@pytest.mark.parametrize("service", list(SERVICES))
def test_each_service_moves_only_where_it_may(committee, service, old):
    act, moves = SERVICES[service]
    case = CaseFactory(status=old)

    if old in moves:
        act(case, committee)
        assert Case.objects.get(pk=case.pk).status == moves[old]
        assert audit_of(case).filter(before__status=old, after__status=moves[old]).exists()
    else:
        with pytest.raises(InvalidTransition) as refused:
            act(case, committee)
        assert Case.objects.get(pk=case.pk).status == old
        assert "cannot become" in refused.value.message


def test_withdrawal_closes_the_open_vote_and_the_applicant_institution(committee):
    case = CaseFactory(status=S.IN_REVIEW)
    ballot = BallotFactory(case=case)

    services.case_withdraw(case=case, actor=case.submitter)

    ballot.refresh_from_db()
    assert ballot.closed_at is not None
    assert audit_of(case).filter(verb=audit.BALLOT_CLOSED.key).exists()
    institution = Institution.objects.get(pk=case.subject.institution_id)
    assert institution.status == Institution.Status.WITHDRAWN


def test_only_the_submitter_withdraws_or_resubmits(committee):
    from django.core.exceptions import PermissionDenied

    case = CaseFactory(status=S.REVISION_REQUESTED)
    other = committee.chair.representative

    with pytest.raises(PermissionDenied):
        services.case_withdraw(case=case, actor=other)
    with pytest.raises(PermissionDenied):
        services.case_resubmit(case=case, actor=other)


def test_a_resubmitted_case_is_reviewed_and_voted_on_again(committee):
    case = CaseFactory(status=S.IN_REVIEW)
    _decider("revision_requested")(case, committee)
    services.case_resubmit(case=Case.objects.get(pk=case.pk), actor=case.submitter)
    case = _start(Case.objects.get(pk=case.pk), committee)

    _decider("rejected")(case, committee)

    assert list(case.decisions.order_by("decided_at").values_list("outcome", flat=True)) == [
        "revision_requested",
        "rejected",
    ]
    assert case.ballots.count() == 2
