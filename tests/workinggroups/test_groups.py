"""The groups' pages and API: the public list, a group's page with its member-only parts,
people to invite, the leads' members page, editing and closing (issue 11, items 1, 2, 11)."""

import datetime as dt

import pytest
import time_machine
from django.contrib import admin
from django.urls import reverse

from members.models import ExpertiseArea, Profile
from tests.factories import InstitutionFactory, MeetingFactory, ProfileFactory, WorkingGroupFactory
from tests.workinggroups.groups_world import confirmed, outsider, secure_staff
from tpc_portal.audit import audit_of
from workinggroups import audit
from workinggroups.models import Membership, WorkingGroup
from workinggroups.selectors import people_to_invite
from workinggroups.services import groups as group_services
from workinggroups.services import membership as services
from workinggroups.urls import urlpatterns
from workinggroups.views import groups as groups_views

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def lead():
    return confirmed("Lena Lead")


@pytest.fixture
def group(lead):
    return WorkingGroupFactory(
        name="Evaluation",
        slug="evaluation",
        proposer=lead,
        mission="We build **shared benchmarks**.\n\n<script>alert(1)</script>",
        expertise=["evaluation", "chemistry"],
    )


def _page(client, group):
    return client.get(reverse("workinggroups:group", args=[group.slug])).content.decode()


# --- The list ---------------------------------------------------------------------------------


def test_the_list_shows_active_groups_with_mission_areas_count_and_leads(client, group, lead):
    services.membership_join(group=group, actor=confirmed())
    WorkingGroupFactory(name="Old Closed Group", status=WorkingGroup.Status.CLOSED, lead=False)
    WorkingGroupFactory(name="Only Proposed", status=WorkingGroup.Status.PROPOSED)

    text = client.get(reverse("workinggroups:index")).content.decode()

    assert "Evaluation" in text
    assert "We build shared benchmarks." in text  # the excerpt, as plain text
    assert "<strong>shared" not in text
    assert "Chemistry" in text
    assert "2 members" in text
    assert "Lena Lead" in text
    assert "Old Closed Group" not in text
    assert "Only Proposed" not in text
    assert "Propose a working group" not in text  # visitors do not propose


def test_closed_groups_are_listed_by_the_filter_and_areas_filter(client, group):
    WorkingGroupFactory(name="Old Closed Group", status=WorkingGroup.Status.CLOSED, lead=False)
    WorkingGroupFactory(name="Physics Group", expertise=["physics"])

    closed = client.get(reverse("workinggroups:index"), {"status": "closed"}).content.decode()
    physics = client.get(reverse("workinggroups:index"), {"area": "physics"}).content.decode()

    assert "Old Closed Group" in closed
    assert 'href="/groups/evaluation/"' not in closed
    assert "Physics Group" in physics
    assert 'href="/groups/evaluation/"' not in physics


def test_my_groups_come_first_and_members_may_propose(client, group):
    person = confirmed()
    WorkingGroupFactory(name="Aardvark Studies")
    WorkingGroupFactory(name="Zebra Studies", members=[person])
    client.force_login(person)

    text = client.get(reverse("workinggroups:index")).content.decode()

    assert text.index("Zebra Studies") < text.index("Aardvark Studies")
    assert "Your group" in text
    assert "Propose a working group" in text


def test_a_proposer_finds_their_proposals_on_the_list(client):
    proposer = confirmed()
    WorkingGroupFactory(name="My Proposal", proposer=proposer, status="proposed")
    client.force_login(proposer)

    text = client.get(reverse("workinggroups:index")).content.decode()

    assert "Your proposals" in text
    assert "My Proposal" in text


# --- A group's page ---------------------------------------------------------------------------


def test_the_page_renders_the_mission_as_sanitised_markdown(client, group):
    text = _page(client, group)

    assert "<strong>shared benchmarks</strong>" in text
    assert "<script>alert(1)</script>" not in text
    assert "Lena Lead" in text
    assert "Approval" not in text  # the open policy is shown
    assert "Open: confirmed members join at once" in text


@time_machine.travel(NOW, tick=False)
def test_the_next_five_meetings_in_the_viewers_zone_beside_the_organisers(client, group):
    viewer = confirmed()
    Profile.objects.filter(user=viewer).update(time_zone="America/Chicago")
    start = dt.datetime(2026, 3, 10, 15, 0, tzinfo=dt.UTC)
    for week in range(7):
        MeetingFactory(
            group=group,
            title=f"Weekly {week}",
            start=start + dt.timedelta(weeks=week),
            time_zone="Europe/Berlin",
        )
    MeetingFactory(group=group, title="Cancelled one", start=start, status="cancelled")
    MeetingFactory(group=group, title="Last week", start=NOW - dt.timedelta(days=7))
    client.force_login(viewer)

    text = _page(client, group)

    assert [f"Weekly {n}" in text for n in range(7)] == [True] * 5 + [False] * 2
    assert "Cancelled one" not in text
    assert "Last week" not in text
    assert "10 Mar 2026, 16:00 CET (your time 10:00 CDT)" in text
    assert "31 Mar 2026, 17:00 CEST (your time 10:00 CDT)" in text
    assert "meet.example.org" not in text  # never the video link on the group page


def test_the_member_list_is_for_members_and_marked_so(client, group, lead):
    member = confirmed("Mia Member")
    services.membership_join(group=group, actor=member)
    marked = "Visible to the group's members"

    as_visitor = _page(client, group)
    client.force_login(confirmed())
    as_outsider = _page(client, group)
    client.force_login(member)
    as_member = _page(client, group)

    for text in (as_visitor, as_outsider):
        assert "Mia Member" not in text
        assert marked not in text
    assert "Mia Member" in as_member
    assert marked in as_member
    assert "People you may want to invite" not in as_member


def test_join_buttons_follow_the_policy_and_the_viewers_place(client, group):
    person = confirmed()
    client.force_login(person)
    assert "Join the group" in _page(client, group)

    group.join_policy = WorkingGroup.JoinPolicy.APPROVAL
    group.save()
    text = _page(client, group)
    assert "Ask to join" in text
    assert "Message to the leads" in text

    services.membership_join(group=group, actor=person)
    assert "Withdraw my request" in _page(client, group)

    client.force_login(outsider())
    text = _page(client, group)
    assert "Ask to join" not in text
    assert "once your institution confirms your affiliation" in text


def test_joining_and_leaving_through_the_page(client, group):
    person = confirmed()
    client.force_login(person)

    joined = client.post(reverse("workinggroups:join", args=[group.slug]))
    assert joined.status_code == 302
    assert group.memberships.filter(user=person, status="active").exists()

    left = client.post(reverse("workinggroups:leave", args=[group.slug]))
    assert left.status_code == 302
    assert not group.memberships.filter(user=person).exists()


def test_the_last_lead_leaving_is_refused_on_the_page_with_the_reason(client, group, lead):
    client.force_login(lead)

    response = client.post(reverse("workinggroups:leave", args=[group.slug]))

    assert response.status_code == 400
    assert "Name another lead first" in response.content.decode()
    assert group.memberships.filter(user=lead, role="lead").exists()


def test_an_outsider_asking_to_join_hears_why_not(client, group):
    client.force_login(outsider())

    response = client.post(reverse("workinggroups:join", args=[group.slug]))

    assert response.status_code == 400
    assert "confirmed members" in response.content.decode()


# --- People to invite -------------------------------------------------------------------------


def test_leads_see_people_to_invite_with_the_reason(client, group, lead):
    elsewhere = InstitutionFactory()
    ProfileFactory(
        institution=elsewhere, user__full_name="Ines Invite", expertise=["evaluation", "chemistry"]
    )
    ProfileFactory(institution=elsewhere, user__full_name="Pia Partial", expertise=["chemistry"])
    ProfileFactory(institution=elsewhere, user__full_name="Nils Nothing", expertise=["physics"])
    client.force_login(lead)

    text = _page(client, group)

    assert "People you may want to invite" in text
    assert text.index("Ines Invite") < text.index("Pia Partial")
    assert "Shares: Evaluation, Chemistry" in text
    assert "Nils Nothing" not in text


def test_suggestions_leave_out_members_requests_outsiders_and_hidden_profiles(group, lead):
    elsewhere = InstitutionFactory()
    member = ProfileFactory(institution=elsewhere, expertise=["evaluation"]).user
    asking = ProfileFactory(institution=elsewhere, expertise=["evaluation"]).user
    services.membership_join(group=group, actor=member)
    Membership.objects.create(group=group, user=asking, status="pending")
    ProfileFactory(institution=None, expertise=["evaluation"], visibility="public")
    ProfileFactory(institution=elsewhere, expertise=["evaluation"], visibility="hidden")
    ProfileFactory(institution=InstitutionFactory(status="suspended"), expertise=["evaluation"])
    welcome = ProfileFactory(institution=elsewhere, expertise=["evaluation"])
    lead.profile.expertise.set(ExpertiseArea.objects.filter(slug="evaluation"))

    suggested = people_to_invite(group, viewer=lead)

    assert [s.profile for s in suggested] == [welcome]
    assert suggested[0].why == "Shares: Evaluation"


def test_a_group_without_areas_suggests_nobody(lead):
    group = WorkingGroupFactory(proposer=lead)
    ProfileFactory(expertise=["evaluation"])

    assert people_to_invite(group, viewer=lead) == []


# --- The leads' members page ------------------------------------------------------------------


def test_the_members_page_answers_requests_and_names_leads(client, group, lead):
    group.join_policy = WorkingGroup.JoinPolicy.APPROVAL
    group.save()
    asking = confirmed("Asha Asker")
    request = services.membership_join(group=group, actor=asking, message="Let me in")
    client.force_login(lead)
    members_url = reverse("workinggroups:members", args=[group.slug])

    page = client.get(members_url).content.decode()
    assert "Asha Asker" in page
    assert "Let me in" in page

    approved = client.post(reverse("workinggroups:approve", args=[group.slug, request.pk]))
    assert approved.status_code == 302
    assert approved["Location"] == members_url
    made = client.post(reverse("workinggroups:lead_add", args=[group.slug, request.pk]))
    assert made.status_code == 302
    assert group.memberships.get(user=asking).role == "lead"

    unmade = client.post(reverse("workinggroups:lead_remove", args=[group.slug, request.pk]))
    removed = client.post(reverse("workinggroups:remove", args=[group.slug, request.pk]))
    assert (unmade.status_code, removed.status_code) == (302, 302)
    assert not group.memberships.filter(user=asking).exists()


def test_a_request_another_lead_answered_is_refused_with_the_reason(client, group, lead):
    group.join_policy = WorkingGroup.JoinPolicy.APPROVAL
    group.save()
    request = services.membership_join(group=group, actor=confirmed())
    services.membership_decline(membership=request, actor=lead)
    client.force_login(lead)

    response = client.post(reverse("workinggroups:approve", args=[group.slug, request.pk]))

    assert response.status_code == 400
    assert "already answered" in response.content.decode()


def test_the_last_lead_stepping_down_is_refused_on_the_members_page(client, group, lead):
    client.force_login(lead)
    own = group.memberships.get(user=lead)

    response = client.post(reverse("workinggroups:lead_remove", args=[group.slug, own.pk]))

    assert response.status_code == 400
    assert "Name another lead first" in response.content.decode()


def test_declining_sends_the_reason_typed_on_the_members_page(client, group, lead):
    group.join_policy = WorkingGroup.JoinPolicy.APPROVAL
    group.save()
    asking = confirmed()
    request = services.membership_join(group=group, actor=asking)
    client.force_login(lead)

    client.post(
        reverse("workinggroups:decline", args=[group.slug, request.pk]), {"reason": "Not yet"}
    )

    assert "Not yet" in asking.notifications.get().body


# --- Editing and closing ----------------------------------------------------------------------


def test_a_lead_edits_the_mission_areas_and_policy(client, group, lead):
    client.force_login(lead)
    physics = ExpertiseArea.objects.get(slug="physics")

    response = client.post(
        reverse("workinggroups:edit", args=[group.slug]),
        {"mission": "New mission.", "expertise": [physics.pk], "join_policy": "approval"},
    )

    assert response.status_code == 302
    group.refresh_from_db()
    assert (group.mission, group.join_policy) == ("New mission.", "approval")
    assert list(group.expertise.values_list("slug", flat=True)) == ["physics"]
    entry = audit_of(group).last()
    assert entry.verb == audit.GROUP_UPDATED.key
    assert set(entry.context["fields"]) == {"mission", "join_policy", "expertise"}
    assert entry.after == {"join_policy": "approval", "expertise": ["physics"]}


def test_an_unchanged_save_records_nothing(group, lead):
    group_services.working_group_update(
        group=group,
        actor=lead,
        mission=group.mission,
        expertise=group.expertise.all(),
        join_policy=group.join_policy,
    )

    assert not audit_of(group).exists()


def test_an_empty_mission_is_refused_beside_the_field(client, group, lead):
    client.force_login(lead)

    response = client.post(
        reverse("workinggroups:edit", args=[group.slug]), {"mission": "", "join_policy": "open"}
    )

    assert response.status_code == 400
    assert "error-summary" in response.content.decode()


def test_a_lead_closes_the_group_and_waiting_requests_go(client, group, lead):
    group.join_policy = WorkingGroup.JoinPolicy.APPROVAL
    group.save()
    services.membership_join(group=group, actor=confirmed())
    client.force_login(lead)

    response = client.post(reverse("workinggroups:close", args=[group.slug]))

    assert response.status_code == 302
    group.refresh_from_db()
    assert group.status == WorkingGroup.Status.CLOSED
    assert group.closed is not None
    assert not group.memberships.filter(status="pending").exists()
    assert group.memberships.filter(user=lead, role="lead").exists()
    assert "This group is closed" in _page(client, group)
    again = client.post(reverse("workinggroups:close", args=[group.slug]))
    assert again.status_code == 400
    assert "cannot become closed" in again.content.decode()


def test_staff_with_a_second_factor_run_any_group(group):
    staff = secure_staff()

    group_services.working_group_close(group=group, actor=staff)

    assert audit_of(group).last().actor == staff


def test_the_admin_lists_groups_with_their_members_and_closes_through_the_service(
    client, group, lead
):
    staff = secure_staff()
    client.force_login(staff)

    listing = client.get(reverse("admin:workinggroups_workinggroup_changelist"))
    detail = client.get(reverse("admin:workinggroups_workinggroup_change", args=[group.pk]))
    closed = client.post(
        reverse("admin:workinggroups_workinggroup_changelist"),
        {"action": "close_groups", "_selected_action": [group.pk]},
    )

    assert listing.status_code == 200
    assert detail.status_code == 200
    assert "Lena Lead" in detail.content.decode()
    assert closed.status_code == 302
    assert WorkingGroup.objects.get(pk=group.pk).status == "closed"
    assert admin.site.get_model_admin(WorkingGroup).has_change_permission(None) is False


# --- The API ----------------------------------------------------------------------------------


def test_the_api_lists_public_fields_and_members_only_for_members(client, group, lead):
    member = confirmed("Mia Member")
    services.membership_join(group=group, actor=member)
    Profile.objects.filter(user=lead).update(visibility="public")
    WorkingGroupFactory(name="Only Proposed", status="proposed")

    anonymous = client.get(reverse("api:working-group-list")).json()
    client.force_login(member)
    as_member = client.get(reverse("api:working-group-detail", args=[group.slug])).json()

    assert anonymous["count"] == 1
    row = anonymous["results"][0]
    assert row["slug"] == "evaluation"
    assert row["areas"] == ["evaluation", "chemistry"]
    assert row["member_count"] == 2
    assert row["leads"] == [{"name": "Lena Lead", "researcher": lead.profile.pk}]
    assert row["members"] is None
    assert "video_link" not in row
    assert [person["name"] for person in as_member["members"]] == ["Lena Lead", "Mia Member"]


def test_the_api_gives_a_researcher_id_only_where_the_caller_may_open_it(client, group, lead):
    anonymous = client.get(reverse("api:working-group-detail", args=[group.slug])).json()
    client.force_login(confirmed())
    member = client.get(reverse("api:working-group-detail", args=[group.slug])).json()

    assert anonymous["leads"] == [{"name": "Lena Lead", "researcher": None}]
    assert member["leads"] == [{"name": "Lena Lead", "researcher": lead.profile.pk}]


def test_the_api_filters_by_area_and_status(client, group):
    WorkingGroupFactory(name="Physics", expertise=["physics"], status="closed", lead=False)

    by_area = client.get(reverse("api:working-group-list"), {"area": "physics"}).json()
    by_status = client.get(reverse("api:working-group-list"), {"status": "active"}).json()

    assert [row["name"] for row in by_area["results"]] == ["Physics"]
    assert [row["name"] for row in by_status["results"]] == ["Evaluation"]


def test_a_proposed_group_is_not_in_the_api(client):
    proposed = WorkingGroupFactory(status="proposed")

    response = client.get(reverse("api:working-group-detail", args=[proposed.slug]))

    assert response.status_code == 404


def test_joining_and_leaving_through_the_api(client, group, lead):
    person = confirmed()
    client.force_login(person)

    joined = client.post(reverse("api:working-group-join", args=[group.slug]))
    again = client.post(reverse("api:working-group-join", args=[group.slug]))
    left = client.post(reverse("api:working-group-leave", args=[group.slug]))
    client.force_login(lead)
    last_lead = client.post(reverse("api:working-group-leave", args=[group.slug]))

    assert (joined.status_code, joined.json()) == (201, {"status": "active", "role": "member"})
    assert again.status_code == 400
    assert (left.status_code, left.json()) == (200, {"status": None, "role": None})
    assert last_lead.status_code == 400
    assert last_lead.json()["message"].startswith("Name another lead first")


# --- The home page ----------------------------------------------------------------------------


def test_a_lead_finds_requests_to_join_among_the_next_actions(client, group, lead):
    group.join_policy = WorkingGroup.JoinPolicy.APPROVAL
    group.save()
    for _ in range(2):
        services.membership_join(group=group, actor=confirmed())
    client.force_login(lead)

    home = client.get(reverse("home")).content.decode()
    groups = client.get(reverse("workinggroups:index")).content.decode()

    assert f'<a href="{reverse("workinggroups:index")}">2 requests to join your groups' in home
    assert "2 requests to join groups you lead are waiting for you." in groups


# --- Every action refused says why, on the page it came from ----------------------------------


def _refusals(group, lead):
    """(who, route name, its arguments, form data, the reason shown) per POST route."""
    own = group.memberships.get(user=lead)
    answered = Membership.objects.create(group=group, user=confirmed(), status="active")
    closed = WorkingGroupFactory(proposer=lead, status=WorkingGroup.Status.CLOSED, lead=False)
    Membership.objects.create(group=closed, user=lead, role="lead")
    return [
        (outsider(), "join", [group.slug], {}, "confirmed members of the consortium"),
        (lead, "leave", [group.slug], {}, "Name another lead first"),
        (lead, "approve", [group.slug, answered.pk], {}, "is already a member"),
        (lead, "decline", [group.slug, answered.pk], {}, "remove them instead"),
        (lead, "remove", [group.slug, own.pk], {}, "Name another lead first"),
        (lead, "lead_add", [group.slug, own.pk], {}, "is already a lead"),
        (lead, "lead_remove", [group.slug, own.pk], {}, "Name another lead first"),
        (lead, "close", [closed.slug], {}, "cannot become closed"),
        (lead, "edit", [closed.slug], {"mission": "x", "join_policy": "open"}, "Only an active"),
        (confirmed(), "propose", [], {"name": "", "mission": "x"}, "This field is required."),
    ]


def test_every_refused_action_says_why_on_its_page(client, group, lead):
    for person, name, args, data, reason in _refusals(group, lead):
        client.force_login(person)

        response = client.post(reverse(f"workinggroups:{name}", args=args), data)

        assert response.status_code == 400, name
        shown = [str(message) for message in response.context["messages"]]
        assert any(reason in message for message in shown), (name, shown)


def test_every_post_route_of_groups_is_in_the_refusals(group, lead):
    """A POST route added to the groups' views later must come with its refusal above."""
    posting = {
        pattern.name
        for pattern in urlpatterns
        if pattern.callback.__module__ == groups_views.__name__
        and pattern.name not in {"index", "group", "members"}  # pages read with GET only
    }

    assert posting == {name for _p, name, *_rest in _refusals(group, lead)}
