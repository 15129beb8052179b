"""A project through the committee: the team's institutions recused, the decision applied,
a revision resubmitted with every version kept and the diff shown to reviewers."""

import html
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from projects import services
from projects.models import Project, ProjectVersion, TeamMember
from steering import selectors as steering_selectors
from steering import services as steering
from steering.models import Case, Review
from tests.projects.conftest import draft, member, on_team
from tpc_portal.errors import ApplicationError

pytestmark = pytest.mark.django_db

S = Project.Status
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def proposal(committee):
    """A draft whose PI is at the first member seat's institution and whose co-PI is at the
    second's, with a share: two institutions, two recused seats."""
    pi = member(committee.members[0].institution, user__full_name="Ada Lead")
    project = draft(pi, expertise=[], keywords=["crystals"])
    co_pi = member(committee.members[1].institution, user__full_name="Grace Co")
    on_team(project, co_pi, role=TeamMember.Role.CO_PI)
    services.share_add(
        project=project, actor=pi, what="data", description="Crystal set", terms="CC-BY-4.0"
    )
    return project


def _pi(project):
    return project.team.get(role=TeamMember.Role.PI).user


def _submit(project, **kwargs):
    services.project_submit(project=project, actor=_pi(project), **kwargs)
    return Case.objects.get(kind=Case.Kind.PROJECT, subject_id=project.pk)


def _review(committee, case, *, comment="Add a data plan."):
    """The chair starts the review and asks the first eligible seat to write one."""
    chair = committee.chair.representative
    case.refresh_from_db()
    if case.status == Case.Status.SUBMITTED:
        steering.case_review_start(
            case=case, actor=chair, review_deadline=timezone.now() + timedelta(days=14)
        )
    seat = steering_selectors.eligible_seats(case).exclude(pk=committee.chair.pk).first()
    review = Review.objects.filter(case=case, seat=seat).first() or steering.review_assign(
        case=case, seat=seat, actor=chair
    )
    steering.review_submit(
        review=review,
        actor=seat.representative,
        score=3,
        recommendation="revise",
        comments_proposer=comment,
    )
    return seat


def _decide(committee, case, outcome, *, comment="Add a data plan."):
    chair = committee.chair.representative
    _review(committee, case, comment=comment)
    ballot = steering.ballot_open(
        case=case, actor=chair, closes_at=timezone.now() + timedelta(days=7)
    )
    choice = "approve" if outcome == "approved" else "reject"
    for seat in steering_selectors.ballot_electorate(ballot):
        steering.vote_cast(ballot=ballot, actor=seat.representative, choice=choice)
    return steering.decision_record(
        case=Case.objects.get(pk=case.pk), actor=chair, outcome=outcome, rationale="Because."
    )


def test_submitting_opens_a_project_case_involving_the_teams_institutions(committee, proposal):
    case = _submit(proposal)

    proposal.refresh_from_db()
    assert proposal.status == S.PROPOSED
    assert case.kind == Case.Kind.PROJECT
    assert case.subject == proposal
    assert set(case.institutions.all()) == {
        committee.members[0].institution,
        committee.members[1].institution,
    }
    version = ProjectVersion.objects.get(project=proposal)
    assert version.number == 1
    assert (version.title, version.summary) == (proposal.title, proposal.summary)
    assert version.details["kind"] == Project.Kind.MODEL_BUILDING
    assert version.details["keywords"] == ["crystals"]
    assert [person["role"] for person in version.details["team"]] == ["pi", "co_pi"]
    assert version.details["shares"] == [
        {"what": "data", "description": "Crystal set", "terms": "CC-BY-4.0"}
    ]
    assert Notification.objects.filter(
        recipient=committee.chair.representative, kind="steering.case_submitted"
    ).exists()


def test_the_seats_of_the_involved_institutions_are_recused(committee, proposal, login):
    case = _submit(proposal)

    recused = steering_selectors.recused_seat_ids(case)
    assert recused == {committee.members[0].pk, committee.members[1].pk}
    client = login(committee.members[0].representative)
    assert client.get(reverse("steering:reviews", args=[case.pk])).status_code == 404
    page = client.get(reverse("steering:case", args=[case.pk])).content.decode()
    assert "Your seat is recused from this case" in page


def test_approval_makes_the_project_active_and_public(committee, proposal, client):
    case = _submit(proposal)
    co_pi = proposal.team.get(role=TeamMember.Role.CO_PI).user

    _decide(committee, case, "approved", comment="Share the weights early.")

    proposal.refresh_from_db()
    assert proposal.status == S.ACTIVE
    assert client.get(reverse("projects:project", args=[proposal.slug])).status_code == 200
    listed = client.get(reverse("projects:index")).context["page"].object_list
    assert proposal in listed
    # The co-PI hears it from the project, with the reviewers' comments; the PI, who
    # submitted, from the committee.
    notice = Notification.objects.get(recipient=co_pi, kind="projects.proposal_decided")
    assert "approved" in notice.title.lower()
    assert "Because." in notice.body
    assert "Share the weights early." in notice.body
    assert Notification.objects.filter(
        recipient=_pi(proposal), kind="steering.decision_made"
    ).exists()
    assert not Notification.objects.filter(
        recipient=_pi(proposal), kind="projects.proposal_decided"
    ).exists()


def test_rejection_rejects_the_project_and_keeps_it_from_visitors(committee, proposal, client):
    case = _submit(proposal)

    _decide(committee, case, "rejected")

    proposal.refresh_from_db()
    assert proposal.status == S.REJECTED
    assert client.get(reverse("projects:project", args=[proposal.slug])).status_code == 404


def _revise(committee, proposal):
    case = _submit(proposal)
    seat = _review(committee, case)
    _decide(committee, case, "revision_requested")
    proposal.refresh_from_db()
    return case, seat


def test_a_revision_is_resubmitted_and_every_version_is_kept(committee, proposal):
    case, _seat = _revise(committee, proposal)
    assert proposal.status == S.REVISION_REQUESTED
    pi = _pi(proposal)

    services.project_update(
        project=proposal,
        actor=pi,
        title=proposal.title,
        summary="A foundation model trained on crystal structures, with a data plan.",
        kind=proposal.kind,
        goals=proposal.goals,
        keywords=["crystals", "data plan"],
    )
    services.project_submit(project=proposal, actor=pi, note="Added a data plan.")

    proposal.refresh_from_db()
    case.refresh_from_db()
    assert proposal.status == S.PROPOSED
    assert case.status == Case.Status.SUBMITTED
    versions = list(proposal.versions.order_by("number"))
    assert [version.number for version in versions] == [1, 2]
    assert "data plan" not in versions[0].summary
    assert "data plan" in versions[1].summary
    assert Case.objects.filter(subject_id=proposal.pk, kind=Case.Kind.PROJECT).count() == 1


def test_reviewers_see_what_changed_since_the_version_they_reviewed(committee, proposal, login):
    with time_machine.travel(T0, tick=False) as clock:
        case = _submit(proposal)  # version 1
        clock.shift(timedelta(days=1))
        seat = _review(committee, case)  # reviewed: version 1
        clock.shift(timedelta(days=1))
        _decide(committee, case, "revision_requested")
        clock.shift(timedelta(days=1))
        _resubmit_with_a_new_summary(proposal)  # version 2

    page = login(seat.representative).get(reverse("steering:case", args=[case.pk]))

    body = page.content.decode()
    assert "What changed since version 1, which you reviewed, in version 2" in body
    assert "<ins>&lt;crystal&gt; structures, with a data plan.</ins>" in body  # escaped
    assert "<del>crystal structures and their properties.</del>" in body
    # Someone who reviewed nothing sees the change from the previous version.
    chair = login(committee.chair.representative).get(reverse("steering:case", args=[case.pk]))
    assert "What changed from version 1 to version 2" in chair.content.decode()


def _resubmit_with_a_new_summary(proposal):
    proposal.refresh_from_db()
    pi = _pi(proposal)
    services.project_update(
        project=proposal,
        actor=pi,
        title=proposal.title,
        summary="A foundation model trained on <crystal> structures, with a data plan.",
        kind=proposal.kind,
        goals=proposal.goals,
    )
    services.project_submit(project=proposal, actor=pi)


def test_the_proposer_reads_the_project_on_the_committees_proposal_page(committee, proposal, login):
    case = _submit(proposal)

    page = login(_pi(proposal)).get(reverse("steering:proposal", args=[case.pk]))

    assert page.status_code == 200
    assert proposal.summary in page.content.decode()


def test_a_proposal_in_revision_is_withdrawn_with_its_case(committee, proposal, login):
    case, _seat = _revise(committee, proposal)

    login(_pi(proposal)).post(reverse("projects:withdraw", args=[proposal.slug]))

    proposal.refresh_from_db()
    case.refresh_from_db()
    assert (proposal.status, case.status) == (S.WITHDRAWN, Case.Status.WITHDRAWN)


def test_the_case_page_shows_the_project_as_submitted(committee, proposal, login):
    case = _submit(proposal)

    body = login(committee.chair.representative).get(reverse("steering:case", args=[case.pk]))

    text = body.content.decode()
    assert proposal.summary in text
    assert "<em>Share</em>" in text  # the goals, rendered from Markdown
    assert "Ada Lead — Principal investigator, " + committee.members[0].institution.name in text
    assert "Grace Co — Co-PI, " + committee.members[1].institution.name in text
    assert "Crystal set (CC-BY-4.0)" in text


def test_resubmitting_from_the_committees_proposal_page_keeps_the_version(
    committee, proposal, login
):
    case, _seat = _revise(committee, proposal)

    response = login(_pi(proposal)).post(
        reverse("steering:proposal_resubmit", args=[case.pk]), {"note": "Done."}
    )

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == S.PROPOSED
    assert proposal.versions.count() == 2


def test_withdrawing_a_proposal_withdraws_its_case(committee, proposal, login):
    case = _submit(proposal)

    response = login(_pi(proposal)).post(reverse("projects:withdraw", args=[proposal.slug]))

    assert response.status_code == 302
    proposal.refresh_from_db()
    case.refresh_from_db()
    assert (proposal.status, case.status) == (S.WITHDRAWN, Case.Status.WITHDRAWN)


def test_withdrawing_from_the_committees_page_withdraws_the_project(committee, proposal, login):
    case = _submit(proposal)

    login(_pi(proposal)).post(reverse("steering:proposal_withdraw", args=[case.pk]))

    proposal.refresh_from_db()
    assert proposal.status == S.WITHDRAWN


def test_similar_work_above_the_threshold_needs_the_difference_said(
    committee, proposal, monkeypatch
):
    monkeypatch.setattr(
        "projects.services.proposals.similar_above_threshold", lambda project: ["a twin"]
    )

    with pytest.raises(ApplicationError) as refused:
        services.project_submit(project=proposal, actor=_pi(proposal))
    assert "differs_from_similar" in refused.value.errors
    assert Project.objects.get(pk=proposal.pk).status == S.DRAFT
    assert not Case.objects.exists()

    services.project_submit(
        project=proposal, actor=_pi(proposal), differs_from_similar="Ours is for alloys."
    )
    proposal.refresh_from_db()
    assert proposal.status == S.PROPOSED
    assert proposal.differs_from_similar == "Ours is for alloys."


def test_the_page_refuses_a_submission_without_the_difference(
    committee, proposal, login, monkeypatch
):
    monkeypatch.setattr(
        "projects.services.proposals.similar_above_threshold", lambda project: ["a twin"]
    )

    response = login(_pi(proposal)).post(
        reverse("projects:submit", args=[proposal.slug]), {"differs_from_similar": ""}
    )

    assert response.status_code == 400
    assert "Similar projects exist already" in html.unescape(response.content.decode())
    assert response.context["submit_form"].errors["differs_from_similar"]


def test_submitting_from_the_page_keeps_what_the_draft_says_of_similar_work(
    committee, proposal, login, monkeypatch
):
    monkeypatch.setattr(
        "projects.services.proposals.similar_above_threshold", lambda project: ["a twin"]
    )
    services.project_update(
        project=proposal,
        actor=_pi(proposal),
        title=proposal.title,
        summary=proposal.summary,
        kind=proposal.kind,
        differs_from_similar="Ours is for alloys.",
    )
    client = login(_pi(proposal))
    page = client.get(reverse("projects:project", args=[proposal.slug]))

    # The PI presses the button without retyping: the form is posted as the page drew it.
    form = page.context["submit_form"]
    response = client.post(
        reverse("projects:submit", args=[proposal.slug]),
        {name: form[name].value() or "" for name in form.fields},
    )

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == S.PROPOSED
    assert proposal.differs_from_similar == "Ours is for alloys."


def test_someone_from_a_new_institution_joining_during_review_recuses_its_seat(committee, proposal):
    case = _submit(proposal)
    steering.case_review_start(
        case=case,
        actor=committee.chair.representative,
        review_deadline=timezone.now() + timedelta(days=14),
    )
    third = committee.members[2]
    steering.review_assign(case=case, seat=third, actor=committee.chair.representative)

    on_team(proposal, member(third.institution))

    assert third.pk in steering_selectors.recused_seat_ids(Case.objects.get(pk=case.pk))
    assert not Review.objects.filter(case=case, seat=third).exists()


def test_only_the_pi_submits(committee, proposal):
    co_pi = proposal.team.get(role=TeamMember.Role.CO_PI).user

    with pytest.raises(PermissionDenied):
        services.project_submit(project=proposal, actor=co_pi)
