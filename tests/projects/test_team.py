"""Teams: invitations, requests to join, roles, leaving; the one-PI invariant; people from
outside the consortium refused; who is told what."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from members.models import Profile
from notifications.models import Notification
from projects import audit, selectors, services
from projects.models import Project, TeamMember
from tests.factories import InstitutionFactory, ProfileFactory, ProjectFactory, UserFactory
from tests.projects.conftest import draft, member, on_team
from tpc_portal.audit import audit_of
from tpc_portal.errors import ApplicationError

pytestmark = pytest.mark.django_db

R, ST = TeamMember.Role, TeamMember.Status


def _notices(user, kind):
    return list(Notification.objects.filter(recipient=user, kind=kind))


# --- Invitations -----------------------------------------------------------------------------


def test_an_invitation_is_answered_and_the_team_grows_across_institutions(pi):
    project = draft(pi)
    colleague = member(user__full_name="Grace Co")

    place = services.team_invite(project=project, actor=pi, user=colleague, role=R.CO_PI)

    assert (place.status, place.role) == (ST.INVITED, R.CO_PI)
    [notice] = _notices(colleague, "projects.team_invited")
    assert "Ada Lead invites you" in notice.title
    assert "as co-pi" in notice.body.lower()
    assert not selectors.is_multi_institution(project)

    services.team_invitation_accept(place=place, actor=colleague)

    place.refresh_from_db()
    assert place.status == ST.ACTIVE
    assert place.institution == colleague.profile.institution
    assert selectors.participating_institutions(project) == sorted(
        [pi.profile.institution, colleague.profile.institution], key=lambda i: i.name
    )
    assert selectors.is_multi_institution(project)
    [joined] = _notices(pi, "projects.team_member_joined")
    assert "Grace Co joined" in joined.title


def test_a_declined_invitation_is_gone_and_kept_in_the_audit_trail(pi):
    project = draft(pi)
    colleague = member()
    place = services.team_invite(project=project, actor=pi, user=colleague)

    services.team_invitation_decline(place=place, actor=colleague)

    assert not TeamMember.objects.filter(pk=place.pk).exists()
    assert audit_of(project).filter(verb=audit.TEAM_INVITATION_DECLINED.key).exists()


def test_only_the_invited_person_answers_their_invitation(pi):
    project = draft(pi)
    place = services.team_invite(project=project, actor=pi, user=member())

    with pytest.raises(PermissionDenied):
        services.team_invitation_accept(place=place, actor=member())


def test_people_from_outside_the_consortium_are_not_invited(pi):
    project = draft(pi)
    outsider = UserFactory(full_name="Olga Outside")  # a profile, no member institution

    with pytest.raises(ApplicationError) as refused:
        services.team_invite(project=project, actor=pi, user=outsider)

    assert "Olga Outside is not a confirmed member" in refused.value.message
    assert "user" in refused.value.errors
    assert not TeamMember.objects.filter(user=outsider).exists()


def test_someone_whose_institution_is_no_longer_a_member_cannot_accept(pi):
    project = draft(pi)
    colleague = member()
    place = services.team_invite(project=project, actor=pi, user=colleague)
    institution = colleague.profile.institution
    institution.status = "suspended"
    institution.save()

    with pytest.raises(ApplicationError, match="not a confirmed member"):
        services.team_invitation_accept(place=place, actor=colleague)


def test_nobody_is_invited_twice(pi):
    project = draft(pi)
    colleague = member()
    services.team_invite(project=project, actor=pi, user=colleague)

    with pytest.raises(ApplicationError, match="invited already"):
        services.team_invite(project=project, actor=pi, user=colleague)


def test_a_co_pi_invites_members_but_only_the_pi_gives_the_lead_roles(pi):
    project = draft(pi)
    co_pi = member()
    on_team(project, co_pi, role=R.CO_PI)

    services.team_invite(project=project, actor=co_pi, user=member(), role=R.STUDENT)
    with pytest.raises(ApplicationError, match="Only the PI"):
        services.team_invite(project=project, actor=co_pi, user=member(), role=R.CO_PI)


def test_a_member_of_the_team_does_not_invite(pi):
    project = draft(pi)
    someone = member()
    on_team(project, someone)

    with pytest.raises(PermissionDenied):
        services.team_invite(project=project, actor=someone, user=member())


# --- Requests to join ------------------------------------------------------------------------


@pytest.fixture
def active(pi):
    """An active project led by Ada (PI) and a co-PI."""
    project = ProjectFactory(created_by=pi, status=Project.Status.ACTIVE)
    co_pi = member(user__full_name="Carl Co")
    on_team(project, co_pi, role=R.CO_PI)
    return project


def test_a_request_to_join_reaches_the_pi_and_co_pis_and_is_approved(active, pi):
    asker = member(user__full_name="Rita Request")
    co_pi = active.team.get(role=R.CO_PI).user

    place = services.team_request_join(project=active, actor=asker, message="I build loaders.")

    assert place.status == ST.REQUESTED
    for lead in (pi, co_pi):
        [notice] = _notices(lead, "projects.join_requested")
        assert "Rita Request asks to join" in notice.title
        assert "I build loaders." in notice.body

    services.team_request_approve(place=place, actor=co_pi, role=R.STUDENT)

    place.refresh_from_db()
    assert (place.status, place.role) == (ST.ACTIVE, R.STUDENT)
    [answer] = _notices(asker, "projects.join_request_decided")
    assert answer.title.endswith("approved")
    assert "as student" in answer.body
    assert _notices(pi, "projects.team_member_joined")


def test_a_declined_request_tells_the_reason(active, pi):
    asker = member()
    place = services.team_request_join(project=active, actor=asker)

    services.team_request_decline(place=place, actor=pi, reason="We are full this year.")

    assert not TeamMember.objects.filter(pk=place.pk).exists()
    [answer] = _notices(asker, "projects.join_request_decided")
    assert answer.title.endswith("declined")
    assert "We are full this year." in answer.body


def test_people_from_outside_cannot_ask_to_join(active):
    outsider = UserFactory()

    with pytest.raises(ApplicationError, match="not a confirmed member"):
        services.team_request_join(project=active, actor=outsider)


def test_nobody_asks_to_join_a_project_that_is_not_active(pi):
    project = draft(pi)

    with pytest.raises(ApplicationError, match="active projects"):
        services.team_request_join(project=project, actor=member())


def test_someone_on_the_team_does_not_ask_again(active, pi):
    with pytest.raises(ApplicationError, match="asked already"):
        services.team_request_join(project=active, actor=pi)


def test_a_member_of_the_team_does_not_decide_requests(active):
    someone = member()
    on_team(active, someone)
    place = services.team_request_join(project=active, actor=member())

    with pytest.raises(PermissionDenied):
        services.team_request_approve(place=place, actor=someone)


# --- The one-PI invariant --------------------------------------------------------------------


def test_the_only_pi_cannot_leave(active, pi):
    place = active.team.get(user=pi)

    with pytest.raises(ApplicationError, match="always has a PI"):
        services.team_leave(place=place, actor=pi)

    assert TeamMember.objects.filter(pk=place.pk, role=R.PI).exists()


def test_the_only_pi_cannot_step_down(active, pi):
    place = active.team.get(user=pi)

    with pytest.raises(ApplicationError, match="always has a PI"):
        services.team_role_change(place=place, actor=pi, role=R.CO_PI)


def test_the_pi_hands_on_the_role_then_leaves(active, pi):
    co_pi_place = active.team.get(role=R.CO_PI)

    services.team_role_change(place=co_pi_place, actor=pi, role=R.PI)
    services.team_leave(place=active.team.get(user=pi), actor=pi)

    assert list(active.team.filter(role=R.PI).values_list("user", flat=True)) == [
        co_pi_place.user_id
    ]


def test_two_pis_cannot_both_step_down(active, pi):
    second = active.team.get(role=R.CO_PI)
    services.team_role_change(place=second, actor=pi, role=R.PI)

    services.team_role_change(place=active.team.get(user=pi), actor=second.user, role=R.CO_PI)
    with pytest.raises(ApplicationError, match="always has a PI"):
        services.team_role_change(place=second, actor=second.user, role=R.MEMBER)

    assert active.team.filter(role=R.PI, status=ST.ACTIVE).count() == 1


def test_the_pi_is_never_removed_by_a_co_pi(active, pi):
    co_pi = active.team.get(role=R.CO_PI).user

    with pytest.raises(ApplicationError, match="Only the PI"):
        services.team_remove(place=active.team.get(user=pi), actor=co_pi)


def test_a_co_pi_removes_a_member_and_the_audit_trail_says_who(active):
    co_pi = active.team.get(role=R.CO_PI).user
    someone = member(user__full_name="Sam Member")
    place = on_team(active, someone)

    services.team_remove(place=place, actor=co_pi)

    assert not TeamMember.objects.filter(pk=place.pk).exists()
    entry = audit_of(active).filter(verb=audit.TEAM_REMOVED.key).get()
    assert entry.context["person"] == "Sam Member"


def test_a_member_leaves(active):
    someone = member()
    place = on_team(active, someone)

    services.team_leave(place=place, actor=someone)

    assert not TeamMember.objects.filter(pk=place.pk).exists()


def test_the_team_of_a_finished_project_no_longer_changes(pi):
    project = ProjectFactory(created_by=pi, status=Project.Status.COMPLETED)

    with pytest.raises(ApplicationError, match="no longer changes"):
        services.team_invite(project=project, actor=pi, user=member())


# --- The pages ------------------------------------------------------------------------------


def test_the_team_page_invites_from_the_listed_confirmed_members(client, pi):
    project = draft(pi)
    listed = member(user__full_name="Listed Lin")
    hidden = ProfileFactory(visibility=Profile.Visibility.HIDDEN, user__full_name="Hidden Hu")
    outsider = ProfileFactory(institution=InstitutionFactory(status="applicant"))
    client.force_login(pi)

    page = client.get(reverse("projects:team", args=[project.slug]))

    offered = set(page.context["invite_form"].fields["profile"].queryset)
    assert listed.profile in offered
    assert hidden not in offered
    assert outsider not in offered
    assert pi.profile not in offered

    response = client.post(
        reverse("projects:invite", args=[project.slug]),
        {"profile": listed.profile.pk, "role": R.MEMBER},
    )
    assert response.status_code == 302
    assert project.team.get(user=listed).status == ST.INVITED


def test_a_refused_invitation_says_why_on_the_team_page(client, pi):
    project = draft(pi)
    client.force_login(pi)

    response = client.post(reverse("projects:invite", args=[project.slug]), {"role": "boss"})

    assert response.status_code == 400
    form = response.context["invite_form"]
    assert set(form.errors) == {"profile", "role"}
    assert [str(m) for m in response.context["messages"]]


def test_the_invited_person_accepts_from_the_project_page(client, pi):
    project = draft(pi)
    colleague = member()
    place = services.team_invite(project=project, actor=pi, user=colleague)
    client.force_login(colleague)

    page = client.get(reverse("projects:project", args=[project.slug]))
    assert "You are invited to join this team" in page.content.decode()
    response = client.post(reverse("projects:accept", args=[project.slug, place.pk]))

    assert response.status_code == 302
    place.refresh_from_db()
    assert place.status == ST.ACTIVE


def test_the_directory_lists_my_invitations_and_projects(client, pi):
    project = draft(pi, title="Ada's own draft")
    colleague = member()
    services.team_invite(project=project, actor=pi, user=colleague)

    client.force_login(colleague)
    invited = client.get(reverse("projects:index"))
    client.force_login(pi)
    own = client.get(reverse("projects:index"))

    assert [place.project for place in invited.context["invitations"]] == [project]
    assert own.context["mine"] == [project]
    assert "Ada&#x27;s own draft" in own.content.decode()


def test_the_multi_institution_team_is_shown(client, active):
    page = client.get(reverse("projects:project", args=[active.slug])).content.decode()

    assert "Multi-institution" in page


def test_a_refused_leave_redraws_the_project_page_with_the_reason(client, active, pi):
    client.force_login(pi)

    response = client.post(reverse("projects:leave", args=[active.slug]))

    assert response.status_code == 400
    assert any("always has a PI" in str(m) for m in response.context["messages"])


def test_a_confirmed_member_asks_to_join_from_the_project_page(client, active):
    asker = member()
    client.force_login(asker)

    response = client.post(reverse("projects:join", args=[active.slug]), {"message": "Hi"})

    assert response.status_code == 302
    assert active.team.get(user=asker).status == ST.REQUESTED
