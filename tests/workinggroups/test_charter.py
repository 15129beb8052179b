"""Proposing a working group opens a "working-group charter" case; the committee's decision
charters it (the proposer becomes its first lead) or not (issue 11, item 1)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from members.models import ExpertiseArea, Institution, Profile
from notifications.models import Notification
from steering import services as steering
from steering.models import Case
from steering.subjects import kind_of, subject_kind
from tests.factories import WorkingGroupFactory
from tests.workinggroups.groups_world import confirmed, decide, outsider
from tpc_portal.audit import audit_of
from tpc_portal.errors import ApplicationError
from workinggroups import audit
from workinggroups.models import Membership, WorkingGroup
from workinggroups.services.charter import (
    working_group_apply_decision,
    working_group_apply_withdrawal,
)
from workinggroups.services.groups import working_group_propose

pytestmark = pytest.mark.django_db

MISSION = "Shared **benchmarks** for scientific foundation models."


def _propose(proposer, **overrides):
    data = {
        "actor": proposer,
        "name": "Evaluation of Science Models",
        "mission": MISSION,
        "expertise": ExpertiseArea.objects.filter(slug__in=["evaluation", "chemistry"]),
        "join_policy": WorkingGroup.JoinPolicy.APPROVAL,
    }
    data.update(overrides)
    return working_group_propose(**data)


@pytest.fixture
def proposer(db):
    return confirmed("Paula Proposer")


def test_the_charter_kind_is_registered_with_the_groups_decision():
    registered = subject_kind(Case.Kind.CHARTER)

    assert registered.model is WorkingGroup
    assert registered.apply_decision is working_group_apply_decision
    assert registered.apply_withdrawal is working_group_apply_withdrawal
    assert kind_of(WorkingGroup()) == Case.Kind.CHARTER


def test_a_proposal_is_a_proposed_group_without_members_and_a_charter_case(committee, proposer):
    group = _propose(proposer)

    case = group.cases.get()
    assert group.status == WorkingGroup.Status.PROPOSED
    assert group.proposer == proposer
    assert group.slug == "evaluation-of-science-models"
    assert not group.memberships.exists()
    assert case.kind == Case.Kind.CHARTER
    assert case.status == Case.Status.SUBMITTED
    assert case.submitter == proposer
    assert case.title == "Charter of Evaluation of Science Models"
    assert list(case.institutions.all()) == [proposer.profile.institution]
    assert set(case.expertise.values_list("slug", flat=True)) == {"evaluation", "chemistry"}
    assert audit_of(group).get().verb == audit.GROUP_PROPOSED.key
    assert Notification.objects.filter(
        recipient=committee.chair.representative, kind="steering.case_submitted"
    ).exists()


def test_the_proposers_institution_is_recused(committee):
    proposer = confirmed(institution=committee.members[0].institution)

    case = _propose(proposer).cases.get()

    assert list(case.institutions.all()) == [committee.members[0].institution]


def test_only_confirmed_members_propose(committee):
    with pytest.raises(PermissionDenied):
        _propose(outsider())

    assert not WorkingGroup.objects.exists()
    assert not Case.objects.exists()


def test_short_names_are_unique_and_never_a_page_of_their_own(committee, proposer):
    WorkingGroupFactory(name="Data curation", slug="data-curation")

    second = _propose(proposer, name="Data  Curation!")
    reserved = _propose(proposer, name="Propose")

    assert second.name == "Data Curation!"
    assert second.slug == "data-curation-2"
    assert reserved.slug == "propose-2"
    with pytest.raises(ApplicationError) as refused:
        _propose(proposer, name="Another", slug="data-curation")
    assert "slug" in refused.value.errors


def test_a_name_is_taken_once(committee, proposer):
    WorkingGroupFactory(name="Evaluation of Science Models")

    with pytest.raises(ApplicationError) as refused:
        _propose(proposer)

    assert "name" in refused.value.errors


def test_approval_charters_the_group_and_makes_the_proposer_its_lead(committee, proposer):
    group = _propose(proposer)

    decide(committee, group.cases.get(), "approved")

    group.refresh_from_db()
    assert group.status == WorkingGroup.Status.ACTIVE
    assert group.activated is not None
    lead = group.memberships.get()
    assert (lead.user, lead.role, lead.status) == (proposer, "lead", "active")
    assert [entry.verb for entry in audit_of(group)] == [
        audit.GROUP_PROPOSED.key,
        audit.GROUP_ACTIVATED.key,
    ]
    # The proposer hears the decision from the committee.
    assert Notification.objects.filter(recipient=proposer, kind="steering.decision_made").exists()


def test_rejection_leaves_the_group_not_chartered(committee, proposer):
    group = _propose(proposer)

    decide(committee, group.cases.get(), "rejected")

    group.refresh_from_db()
    assert group.status == WorkingGroup.Status.DECLINED
    assert not group.memberships.exists()


def test_a_request_for_revision_keeps_the_group_proposed(committee, proposer):
    group = _propose(proposer)

    decide(committee, group.cases.get(), "revision_requested")

    group.refresh_from_db()
    assert group.status == WorkingGroup.Status.PROPOSED
    assert not group.memberships.exists()


def test_a_withdrawn_charter_is_not_chartered(committee, proposer):
    group = _propose(proposer)

    steering.case_withdraw(case=group.cases.get(), actor=proposer)

    group.refresh_from_db()
    assert group.status == WorkingGroup.Status.DECLINED
    entry = audit_of(group).last()
    assert (entry.verb, entry.context["reason"], entry.actor) == (
        audit.GROUP_DECLINED.key,
        "withdrawn",
        proposer,
    )


def test_no_charter_for_a_proposer_who_left_the_consortium(committee, proposer):
    group = _propose(proposer)
    case = group.cases.get()
    Profile.objects.filter(user=proposer).update(institution=None)

    with pytest.raises(ApplicationError, match="not a confirmed member"):
        decide(committee, case, "approved")

    group.refresh_from_db()
    assert group.status == WorkingGroup.Status.PROPOSED
    assert not group.memberships.exists()
    assert Case.objects.get(pk=case.pk).status == Case.Status.IN_REVIEW


def test_the_committee_reads_the_charter_on_the_case_page(login, committee, proposer):
    group = _propose(proposer)

    page = login(committee.chair.representative).get(
        reverse("steering:case", args=[group.cases.get().pk])
    )
    text = page.content.decode()

    assert page.status_code == 200
    assert "Charter of Evaluation of Science Models" in text
    assert "<strong>benchmarks</strong>" in text  # the mission, rendered
    assert "Paula Proposer" in text
    assert "Approval: a lead approves each request" in text
    assert "Evaluation" in text
    assert "Chemistry" in text
    assert proposer.email not in text


def test_the_proposal_page_and_its_group_page_are_the_proposers(login, client, committee):
    proposer = confirmed("Paula Proposer")
    client = login(proposer)

    response = client.post(
        reverse("workinggroups:propose"),
        {
            "name": "Scalable Libraries",
            "mission": "Libraries that scale.",
            "expertise": [ExpertiseArea.objects.get(slug="scalable-libraries-and-frameworks").pk],
            "join_policy": "open",
        },
    )

    group = WorkingGroup.objects.get(name="Scalable Libraries")
    assert response.status_code == 302
    assert response["Location"] == reverse("workinggroups:group", args=[group.slug])
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "before the steering committee" in page.content.decode()
    client.force_login(confirmed())
    assert client.get(response["Location"]).status_code == 404
    client.logout()
    assert client.get(response["Location"]).status_code == 404


def test_the_proposal_form_refuses_with_its_reasons(login, committee, proposer):
    WorkingGroupFactory(name="Taken", slug="taken")
    client = login(proposer)

    response = client.post(
        reverse("workinggroups:propose"),
        {"name": "Fresh", "slug": "taken", "mission": "", "join_policy": "open"},
    )

    assert response.status_code == 400
    text = response.content.decode()
    assert "error-summary" in text
    assert not WorkingGroup.objects.filter(name="Fresh").exists()


def test_the_propose_page_is_for_confirmed_members(login, client):
    assert login(outsider()).get(reverse("workinggroups:propose")).status_code == 403
    assert login(confirmed()).get(reverse("workinggroups:propose")).status_code == 200


def test_institutions_outside_the_consortium_are_not_involved(committee):
    person = confirmed()
    Institution.objects.filter(pk=person.profile.institution_id).update(
        status=Institution.Status.SUSPENDED
    )
    person.refresh_from_db()
    person.profile.refresh_from_db()
    staff_like = person
    staff_like.is_staff = True  # staff count as confirmed members

    case = _propose(staff_like).cases.get()

    assert not case.institutions.exists()


def test_a_chartered_group_has_one_lead_row(committee, proposer):
    group = _propose(proposer)
    decide(committee, group.cases.get(), "approved")

    assert Membership.objects.filter(group=group, role="lead").count() == 1
