"""Joining (open) or asking to join (approval), the leads' answers, leaving, removal, leads
added and removed, and the one-lead invariant (issue 11, item 2)."""

import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, connections

from notifications.models import Notification
from tests.factories import WorkingGroupFactory
from tests.workinggroups.groups_world import confirmed, outsider, secure_staff
from tpc_portal.audit import audit_of
from tpc_portal.errors import ApplicationError
from workinggroups import audit
from workinggroups.models import Membership, WorkingGroup
from workinggroups.permissions import is_group_lead, is_group_member, roles_of
from workinggroups.services import membership as services
from workinggroups.services.membership import LastLeadError

pytestmark = pytest.mark.django_db

LAST_LEAD = "Name another lead first: a group always has at least one lead."


@pytest.fixture
def lead():
    return confirmed("Lena Lead")


@pytest.fixture
def open_group(lead):
    return WorkingGroupFactory(name="Open Evaluation", proposer=lead)


@pytest.fixture
def approval_group(lead):
    return WorkingGroupFactory(
        name="Curated Data", proposer=lead, join_policy=WorkingGroup.JoinPolicy.APPROVAL
    )


def _membership(group, user):
    return Membership.objects.get(group=group, user=user)


def _verbs(group):
    return [entry.verb for entry in audit_of(group)]


# --- Joining ----------------------------------------------------------------------------------


def test_a_confirmed_member_joins_an_open_group_at_once(open_group):
    person = confirmed("Jo Joiner")

    membership = services.membership_join(group=open_group, actor=person)

    assert (membership.role, membership.status) == ("member", "active")
    assert is_group_member(person, open_group)
    assert _verbs(open_group) == [audit.MEMBERSHIP_JOINED.key]
    assert not Notification.objects.filter(kind="workinggroups.join_requested").exists()


def test_under_approval_the_request_waits_and_the_leads_are_told(approval_group, lead):
    second_lead = confirmed("Second Lead")
    Membership.objects.create(group=approval_group, user=second_lead, role="lead")
    person = confirmed("Asha Asker")

    membership = services.membership_join(
        group=approval_group, actor=person, message="I curate chemistry data."
    )

    assert membership.status == "pending"
    assert membership.message == "I curate chemistry data."
    assert not is_group_member(person, approval_group)
    notices = Notification.objects.filter(kind="workinggroups.join_requested")
    assert {notice.recipient for notice in notices} == {lead, second_lead}
    notice = notices.get(recipient=lead)
    assert notice.title == "Asha Asker asks to join Curated Data"
    assert "I curate chemistry data." in notice.body
    assert notice.link == f"/groups/{approval_group.slug}/members/"
    assert _verbs(approval_group) == [audit.MEMBERSHIP_REQUESTED.key]


def test_a_nameless_person_asking_is_named_neutrally_to_the_leads(approval_group, lead):
    person = confirmed(email_visible=False)
    person.full_name = ""
    person.save()
    person.profile.display_name = ""
    person.profile.save()

    services.membership_join(group=approval_group, actor=person)

    notice = Notification.objects.get(recipient=lead)
    assert notice.title == "a TPC member asks to join Curated Data"
    assert person.email not in notice.body


def test_only_confirmed_members_join(open_group):
    with pytest.raises(ApplicationError, match="confirmed members"):
        services.membership_join(group=open_group, actor=outsider())

    assert open_group.memberships.count() == 1


@pytest.mark.parametrize("status", ["proposed", "closed", "declined"])
def test_only_active_groups_take_members(lead, status):
    group = WorkingGroupFactory(proposer=lead, status=status)

    with pytest.raises(ApplicationError, match="do not change"):
        services.membership_join(group=group, actor=confirmed())


def test_one_membership_per_person_and_group(open_group, approval_group):
    person = confirmed()
    services.membership_join(group=open_group, actor=person)
    services.membership_join(group=approval_group, actor=person)

    with pytest.raises(ApplicationError, match="already a member"):
        services.membership_join(group=open_group, actor=person)
    with pytest.raises(ApplicationError, match="already asked"):
        services.membership_join(group=approval_group, actor=person)


def test_joining_forgets_the_roles_the_request_remembered(open_group):
    person = confirmed()
    assert roles_of(person) == {}

    services.membership_join(group=open_group, actor=person)

    assert roles_of(person) == {open_group.pk: ("member", "active")}


# --- The leads' answers -----------------------------------------------------------------------


@pytest.fixture
def request_to_join(approval_group):
    person = confirmed("Asha Asker")
    return services.membership_join(group=approval_group, actor=person, message="Hello")


def test_a_lead_approves_and_the_person_is_told(approval_group, lead, request_to_join):
    Notification.objects.all().delete()

    services.membership_approve(membership=request_to_join, actor=lead)

    person = request_to_join.user
    assert _membership(approval_group, person).status == "active"
    notice = Notification.objects.get(recipient=person)
    assert notice.kind == "workinggroups.join_approved"
    assert notice.title == "You are now a member of Curated Data"
    assert _verbs(approval_group)[-1] == audit.MEMBERSHIP_APPROVED.key
    assert audit_of(approval_group).last().context["person"] == "Asha Asker"


def test_a_lead_declines_with_a_reason_and_the_person_is_told(
    approval_group, lead, request_to_join
):
    services.membership_decline(membership=request_to_join, actor=lead, reason="Full for now.")

    person = request_to_join.user
    assert not approval_group.memberships.filter(user=person).exists()
    notice = Notification.objects.get(recipient=person)
    assert notice.kind == "workinggroups.join_declined"
    assert "Full for now." in notice.body
    assert _verbs(approval_group)[-1] == audit.MEMBERSHIP_DECLINED.key


def test_a_request_is_answered_once(approval_group, lead, request_to_join):
    other_lead = confirmed()
    Membership.objects.create(group=approval_group, user=other_lead, role="lead")
    services.membership_decline(membership=request_to_join, actor=lead)

    with pytest.raises(ApplicationError, match="already answered"):
        services.membership_approve(membership=request_to_join, actor=other_lead)


def test_only_leads_and_secure_staff_answer(approval_group, request_to_join):
    member = confirmed()
    Membership.objects.create(group=approval_group, user=member)

    with pytest.raises(PermissionDenied):
        services.membership_approve(membership=request_to_join, actor=member)
    with pytest.raises(PermissionDenied):
        services.membership_approve(membership=request_to_join, actor=confirmed())

    services.membership_approve(membership=request_to_join, actor=secure_staff())
    assert _membership(approval_group, request_to_join.user).status == "active"


def test_someone_no_longer_in_the_consortium_is_not_approved(lead, request_to_join):
    request_to_join.user.profile.institution = None
    request_to_join.user.profile.save()

    with pytest.raises(ApplicationError, match="decline the request"):
        services.membership_approve(membership=request_to_join, actor=lead)


# --- Leaving and removal ----------------------------------------------------------------------


def test_a_member_leaves(open_group):
    person = confirmed()
    services.membership_join(group=open_group, actor=person)

    services.membership_leave(group=open_group, actor=person)

    assert not open_group.memberships.filter(user=person).exists()
    assert not is_group_member(person, open_group)
    assert _verbs(open_group)[-1] == audit.MEMBERSHIP_LEFT.key


def test_leaving_takes_back_a_request(approval_group, request_to_join):
    services.membership_leave(group=approval_group, actor=request_to_join.user)

    assert not approval_group.memberships.filter(status="pending").exists()


def test_someone_not_in_the_group_cannot_leave_it(open_group):
    with pytest.raises(ApplicationError, match="not a member"):
        services.membership_leave(group=open_group, actor=confirmed())


def test_a_lead_removes_a_member(open_group, lead):
    person = confirmed("Rex Removed")
    membership = services.membership_join(group=open_group, actor=person)

    services.membership_remove(membership=membership, actor=lead)

    assert not open_group.memberships.filter(user=person).exists()
    entry = audit_of(open_group).last()
    assert (entry.verb, entry.actor, entry.context["person"]) == (
        audit.MEMBERSHIP_REMOVED.key,
        lead,
        "Rex Removed",
    )


def test_a_request_is_declined_not_removed(lead, request_to_join):
    with pytest.raises(ApplicationError, match="decline the request"):
        services.membership_remove(membership=request_to_join, actor=lead)


def test_members_do_not_remove_each_other(open_group):
    first, second = confirmed(), confirmed()
    services.membership_join(group=open_group, actor=first)
    membership = services.membership_join(group=open_group, actor=second)

    with pytest.raises(PermissionDenied):
        services.membership_remove(membership=membership, actor=first)


# --- Leads and the one-lead invariant ---------------------------------------------------------


def test_a_lead_makes_a_member_a_lead_who_is_told(open_group, lead):
    person = confirmed()
    membership = services.membership_join(group=open_group, actor=person)

    services.lead_add(membership=membership, actor=lead)

    assert is_group_lead(person, open_group)
    notice = Notification.objects.get(recipient=person, kind="workinggroups.made_lead")
    assert notice.title == f"You are now a lead of {open_group.name}"
    assert _verbs(open_group)[-1] == audit.LEAD_ADDED.key


def test_someone_asking_to_join_is_approved_before_leading(lead, request_to_join):
    with pytest.raises(ApplicationError, match="approve the request first"):
        services.lead_add(membership=request_to_join, actor=lead)


def test_a_lead_is_not_made_a_lead_twice(open_group, lead):
    with pytest.raises(ApplicationError, match="already a lead"):
        services.lead_add(membership=_membership(open_group, lead), actor=lead)


def test_the_last_lead_cannot_leave(open_group, lead):
    with pytest.raises(LastLeadError) as refused:
        services.membership_leave(group=open_group, actor=lead)

    assert refused.value.message == LAST_LEAD
    assert is_group_lead(lead, open_group)


def test_the_last_lead_cannot_step_down_or_be_removed_by_staff(open_group, lead):
    membership = _membership(open_group, lead)

    with pytest.raises(LastLeadError, match=LAST_LEAD):
        services.lead_remove(membership=membership, actor=lead)
    with pytest.raises(LastLeadError, match=LAST_LEAD):
        services.membership_remove(membership=membership, actor=secure_staff())

    assert _membership(open_group, lead).role == "lead"


def test_with_another_lead_named_the_lead_steps_down_or_leaves(open_group, lead):
    successor = confirmed()
    services.lead_add(
        membership=services.membership_join(group=open_group, actor=successor), actor=lead
    )

    services.lead_remove(membership=_membership(open_group, lead), actor=lead)
    assert _membership(open_group, lead).role == "member"
    services.membership_leave(group=open_group, actor=lead)

    assert [m.user for m in open_group.memberships.all()] == [successor]
    assert _verbs(open_group)[-2:] == [audit.LEAD_REMOVED.key, audit.MEMBERSHIP_LEFT.key]


def test_a_demoted_lead_has_no_say_any_more(open_group, lead):
    other = confirmed()
    services.lead_add(
        membership=services.membership_join(group=open_group, actor=other), actor=lead
    )
    services.lead_remove(membership=_membership(open_group, lead), actor=other)

    with pytest.raises(PermissionDenied):
        services.lead_remove(membership=_membership(open_group, other), actor=lead)


def test_the_last_lead_of_a_closed_group_may_leave(lead):
    group = WorkingGroupFactory(proposer=lead, status=WorkingGroup.Status.ACTIVE)
    WorkingGroup.objects.filter(pk=group.pk).update(status=WorkingGroup.Status.CLOSED)

    services.membership_leave(group=group, actor=lead)

    assert not group.memberships.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_leads_leaving_at_once_leave_one_lead():
    """Each leave locks the group's row; whoever comes second sees the first gone."""
    first, second = confirmed("First Lead"), confirmed("Second Lead")
    group = WorkingGroupFactory(proposer=first)
    Membership.objects.create(group=group, user=second, role="lead")
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def leave(person):
        try:
            barrier.wait(timeout=10)
            services.membership_leave(group=group, actor=person)
            outcomes[person.full_name] = "left"
        except LastLeadError:
            outcomes[person.full_name] = "refused"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=leave, args=(person,)) for person in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == ["left", "refused"]
    leads = Membership.objects.filter(group=group, role="lead", status="active")
    assert leads.count() == 1
    assert connection.vendor == "postgresql"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_leads_demoting_each_other_at_once_leave_one_lead():
    first, second = confirmed("First Lead"), confirmed("Second Lead")
    group = WorkingGroupFactory(proposer=first)
    Membership.objects.create(group=group, user=second, role="lead")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def demote(actor, target):
        try:
            barrier.wait(timeout=10)
            services.lead_remove(membership=_membership(group, target), actor=actor)
            outcomes.append("demoted")
        except (LastLeadError, PermissionDenied):
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=demote, args=(first, second)),
        threading.Thread(target=demote, args=(second, first)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["demoted", "refused"]
    assert Membership.objects.filter(group=group, role="lead").count() == 1
