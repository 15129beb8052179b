"""Openings: posting, changing and closing them, subscriptions and the notice of a matching
opening, the public opportunities page and API with their shared filters."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from rest_framework.test import APIClient

from members.models import ExpertiseArea, Profile
from notifications.models import Notification
from projects.models import Opening, OpeningSubscription, Project, TeamMember
from projects.notices import OPENING_MATCHED
from projects.services.openings import (
    opening_close,
    opening_post,
    opening_subscribe,
    opening_subscribers,
    opening_unsubscribe,
    opening_update,
)
from tests.factories import (
    InstitutionFactory,
    OpeningFactory,
    ProfileFactory,
    ProjectFactory,
    UserFactory,
)
from tests.steering.factories import give_totp
from tpc_portal.audit import audit_of
from tpc_portal.errors import ApplicationError

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2027, 3, 10, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def project():
    return ProjectFactory(expertise=["climate", "model-architectures"])


@pytest.fixture
def pi(project):
    return project.created_by


def _student(**fields):
    return ProfileFactory(career_stage=Profile.CareerStage.STUDENT, **fields).user


def _post(project, actor, **fields):
    values = {
        "position": Opening.Position.STUDENT,
        "title": "PhD student in climate emulation",
        "description": "Emulate regional climate with diffusion models.",
    } | fields
    return opening_post(project=project, actor=actor, **values)


# --- Posting, changing, closing -----------------------------------------------------------


def test_the_pi_posts_an_opening_on_an_active_project_and_the_trail_records_it(project, pi):
    opening = _post(project, pi, deadline=datetime.date(2027, 6, 1))

    assert opening.status == Opening.Status.OPEN
    assert opening.created_by == pi
    [entry] = audit_of(project)
    assert entry.verb == "opening.posted"
    assert entry.after["title"] == "PhD student in climate emulation"


def test_a_co_pi_may_post_and_a_plain_member_may_not(project):
    co_pi, member = UserFactory(), UserFactory()
    TeamMember.objects.create(project=project, user=co_pi, role=TeamMember.Role.CO_PI)
    TeamMember.objects.create(project=project, user=member, role=TeamMember.Role.MEMBER)

    assert _post(project, co_pi).pk
    with pytest.raises(PermissionDenied):
        _post(project, member)
    with pytest.raises(PermissionDenied):
        _post(project, UserFactory())


def test_an_invited_pi_who_has_not_accepted_may_not_post(project):
    invited = UserFactory()
    TeamMember.objects.create(
        project=project, user=invited, role=TeamMember.Role.CO_PI, status=TeamMember.Status.INVITED
    )

    with pytest.raises(PermissionDenied):
        _post(project, invited)


@pytest.mark.parametrize("status", [s for s in Project.Status.values if s != Project.Status.ACTIVE])
def test_only_an_active_project_takes_openings(status):
    project = ProjectFactory(status=status)

    with pytest.raises(PermissionDenied):
        _post(project, project.created_by)
    assert not Opening.objects.exists()


def test_a_deadline_in_the_past_is_refused_with_the_field_named(project, pi):
    with pytest.raises(ApplicationError) as refused:
        _post(project, pi, deadline=datetime.date(2027, 3, 9))

    assert "deadline" in refused.value.errors
    assert _post(project, pi, deadline=datetime.date(2027, 3, 10)).pk  # today is fine


def test_an_empty_title_is_refused_with_the_field_named(project, pi):
    with pytest.raises(ApplicationError) as refused:
        _post(project, pi, title="  ")

    assert "title" in refused.value.errors


def test_updating_records_what_it_was_and_is(project, pi):
    opening = _post(project, pi)

    opening_update(
        opening=opening,
        actor=pi,
        position=Opening.Position.POSTDOC,
        title="Postdoc in climate emulation",
        description="Changed.",
        deadline=None,
    )

    entry = audit_of(project).last()
    assert entry.verb == "opening.updated"
    assert entry.before["position"] == "student"
    assert entry.after["position"] == "postdoc"


def test_closing_is_recorded_once_and_a_second_close_is_refused(project, pi):
    opening = _post(project, pi)

    opening_close(opening=opening, actor=pi)
    with pytest.raises(ApplicationError):
        opening_close(opening=opening, actor=pi)

    opening.refresh_from_db()
    assert opening.status == Opening.Status.CLOSED
    assert [e.verb for e in audit_of(project)] == ["opening.posted", "opening.closed"]


def test_a_closed_opening_cannot_be_changed(project, pi):
    opening = _post(project, pi)
    opening_close(opening=opening, actor=pi)

    with pytest.raises(ApplicationError):
        opening_update(opening=opening, actor=pi, position="student", title="x", description="y")


def test_staff_with_a_second_factor_may_close_any_opening_others_may_not(project, pi):
    opening = _post(project, pi)
    with pytest.raises(PermissionDenied):
        opening_close(opening=opening, actor=UserFactory())
    with pytest.raises(PermissionDenied):
        opening_close(opening=opening, actor=UserFactory(is_staff=True))  # no second factor

    opening_close(opening=opening, actor=give_totp(UserFactory(is_staff=True)))

    opening.refresh_from_db()
    assert opening.status == Opening.Status.CLOSED


# --- Subscriptions and the notice of a matching opening -------------------------------------


def test_a_student_or_postdoc_subscribes_and_subscribing_again_replaces_it():
    student = _student()
    climate = ExpertiseArea.objects.filter(slug="climate")

    opening_subscribe(actor=student, positions=["student"], areas=climate)
    opening_subscribe(actor=student, positions=["postdoc", "engineer"])

    subscription = OpeningSubscription.objects.get(user=student)
    assert subscription.positions == ["engineer", "postdoc"]
    assert list(subscription.areas.all()) == []


@pytest.mark.parametrize("stage", ["", "early_career", "senior", "staff"])
def test_others_than_students_and_postdocs_may_not_subscribe(stage):
    person = ProfileFactory(career_stage=stage).user

    with pytest.raises(ApplicationError):
        opening_subscribe(actor=person, positions=["student"])
    assert not OpeningSubscription.objects.exists()


@pytest.mark.parametrize("positions", [[], ["professor"]])
def test_a_subscription_needs_known_positions(positions):
    with pytest.raises(ApplicationError) as refused:
        opening_subscribe(actor=_student(), positions=positions)

    assert "positions" in refused.value.errors


def test_unsubscribing_twice_is_harmless():
    student = _student()
    opening_subscribe(actor=student, positions=["student"])

    assert opening_unsubscribe(actor=student) is True
    assert opening_unsubscribe(actor=student) is False


def test_subscribers_of_the_position_in_its_areas_or_any_area_are_told_after_commit(
    project, pi, django_capture_on_commit_callbacks
):
    in_area, any_area, other_area, other_position = (_student() for _ in range(4))
    opening_subscribe(
        actor=in_area, positions=["student"], areas=ExpertiseArea.objects.filter(slug="climate")
    )
    opening_subscribe(actor=any_area, positions=["student", "postdoc"])
    opening_subscribe(
        actor=other_area, positions=["student"], areas=ExpertiseArea.objects.filter(slug="biology")
    )
    opening_subscribe(actor=other_position, positions=["engineer"])

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        opening = _post(project, pi)
    assert not Notification.objects.exists()  # nothing before the commit
    for callback in callbacks:
        callback()

    notices = Notification.objects.filter(kind=OPENING_MATCHED.key)
    assert {n.recipient for n in notices} == {in_area, any_area}
    notice = notices.first()
    assert notice.link == reverse("projects:opening", args=[opening.pk])
    assert "PhD student in climate emulation" in notice.title
    assert project.title in notice.body


def test_the_projects_own_team_is_not_told(project, pi, django_capture_on_commit_callbacks):
    on_team = _student()
    TeamMember.objects.create(project=project, user=on_team)
    opening_subscribe(actor=on_team, positions=["student"])

    with django_capture_on_commit_callbacks(execute=True):
        _post(project, pi)

    assert not Notification.objects.filter(recipient=on_team).exists()


def test_a_subscriber_who_is_no_longer_a_student_is_not_told(project, pi):
    graduated = _student()
    opening_subscribe(actor=graduated, positions=["student"])
    Profile.objects.filter(user=graduated).update(career_stage=Profile.CareerStage.EARLY_CAREER)
    opening = _post(project, pi)

    assert opening_subscribers(opening) == []


def test_the_notice_reads_in_the_recipients_language(
    project, pi, django_capture_on_commit_callbacks
):
    student = _student()
    opening_subscribe(actor=student, positions=["student"])

    with django_capture_on_commit_callbacks(execute=True):
        _post(project, pi, deadline=datetime.date(2027, 6, 1))

    notice = Notification.objects.get(recipient=student)
    assert "Student" in notice.body  # the position's label
    assert "2027" in notice.body  # the deadline, as a day


# --- The opportunities page and API ------------------------------------------------------


def _titles(response) -> list[str]:
    if hasattr(response, "context") and response.context and "page" in response.context:
        return [o.title for o in response.context["page"].object_list]
    return [row["title"] for row in response.json()["results"]]


@pytest.fixture
def listed():
    """Openings of several kinds: what the filters choose among."""
    lab = InstitutionFactory(slug="north-lab")
    climate = ProjectFactory(expertise=["climate"], created_by=ProfileFactory(institution=lab).user)
    biology = ProjectFactory(expertise=["biology"])
    return {
        "climate student": OpeningFactory(
            project=climate, position="student", title="climate student"
        ),
        "climate engineer": OpeningFactory(
            project=climate,
            position="engineer",
            title="climate engineer",
            deadline=datetime.date(2027, 4, 1),
        ),
        "biology postdoc": OpeningFactory(project=biology, title="biology postdoc"),
        "closed": OpeningFactory(project=biology, title="closed", status=Opening.Status.CLOSED),
        "passed": OpeningFactory(
            project=biology, title="passed", deadline=datetime.date(2027, 3, 9)
        ),
        "completed project": OpeningFactory(
            project=ProjectFactory(status=Project.Status.COMPLETED), title="completed project"
        ),
        "proposed project": OpeningFactory(
            project=ProjectFactory(status=Project.Status.PROPOSED), title="proposed project"
        ),
    }


OPEN = {"climate student", "climate engineer", "biology postdoc"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, OPEN),
        ({"position": "student"}, {"climate student"}),
        ({"position": ["student", "engineer"]}, {"climate student", "climate engineer"}),
        ({"area": "biology"}, {"biology postdoc"}),
        ({"area": ["biology", "climate"]}, OPEN),
        ({"institution": "north-lab"}, {"climate student", "climate engineer"}),
        ({"include_closed": "on"}, OPEN | {"closed", "passed"}),
        ({"include_closed": "true", "area": "biology"}, {"biology postdoc", "closed", "passed"}),
    ],
)
def test_the_page_and_the_api_filter_alike(client, listed, params, expected):
    page = client.get(reverse("projects:openings"), params)
    api_params = {k: ("true" if k == "include_closed" else v) for k, v in params.items()}
    api = APIClient().get("/api/v1/openings/", api_params)

    assert page.status_code == 200
    assert api.status_code == 200
    assert set(_titles(page)) == expected
    assert set(_titles(api)) == expected


def test_an_unknown_filter_value_is_a_400_with_the_field_in_the_api_and_no_500_on_the_page(
    client, listed
):
    api = APIClient().get("/api/v1/openings/", {"area": "no-such-area"})
    page = client.get(reverse("projects:openings"), {"position": "pope"})

    assert api.status_code == 400
    assert "area" in api.json()["errors"]
    assert page.status_code == 200
    assert "Select a valid choice" in page.content.decode()


def test_an_openings_page_is_public_for_active_projects_only(client, listed):
    assert client.get(reverse("projects:opening", args=[listed["closed"].pk])).status_code == 200
    for hidden in ("completed project", "proposed project"):
        url = reverse("projects:opening", args=[listed[hidden].pk])
        assert client.get(url).status_code == 404
        assert APIClient().get(f"/api/v1/openings/{listed[hidden].pk}/").status_code == 404


def test_the_api_row_names_the_project_and_its_areas(listed):
    opening = listed["climate student"]

    row = APIClient().get(f"/api/v1/openings/{opening.pk}/").json()

    assert row["project"]["slug"] == opening.project.slug
    assert row["expertise_areas"] == ["climate"]
    assert row["page"].endswith(reverse("projects:opening", args=[opening.pk]))
    assert row["position"] == "student"


def test_htmx_asks_the_page_for_its_results_alone(client, listed):
    response = client.get(reverse("projects:openings"), HTTP_HX_REQUEST="true")

    assert response.templates[0].name == "projects/includes/opening_results.html"
    assert "HX-Request" in response["Vary"]


def _many_openings(count: int) -> None:
    projects = [ProjectFactory(expertise=["climate", "biology"]) for _ in range(5)]
    Opening.objects.bulk_create(
        [
            Opening(
                project=projects[n % 5],
                position="student",
                title=f"Opening {n}",
                description="x",
                created_by=projects[n % 5].created_by,
            )
            for n in range(count)
        ]
    )


@pytest.mark.parametrize("count", [5, 500])
def test_the_page_costs_the_same_queries_for_5_and_500_openings(
    client, count, django_assert_max_num_queries
):
    _many_openings(count)
    member = _student()
    client.force_login(member)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("projects:openings"))

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(count, 25)


@pytest.mark.parametrize("count", [5, 500])
def test_the_api_costs_the_same_queries_for_5_and_500_openings(
    count, django_assert_max_num_queries
):
    _many_openings(count)

    with django_assert_max_num_queries(4):
        response = APIClient().get("/api/v1/openings/", {"area": "climate"})

    assert response.status_code == 200
    assert response.json()["count"] == count


# --- The pages that post, change and close openings ---------------------------------------


def test_the_pi_posts_through_the_page(client, project, pi):
    client.force_login(pi)
    url = reverse("projects:opening_new", args=[project.slug])

    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "position": "postdoc",
            "title": "Postdoc in emulators",
            "description": "Apply by e-mail.",
            "deadline": "2027-05-01",
        },
    )

    opening = Opening.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:opening", args=[opening.pk])
    assert opening.deadline == datetime.date(2027, 5, 1)


def test_bad_input_re_renders_the_form_with_its_errors(client, project, pi):
    client.force_login(pi)
    url = reverse("projects:opening_new", args=[project.slug])

    missing = client.post(url, {"position": "postdoc", "title": "", "description": "x"})
    past = client.post(
        url, {"position": "postdoc", "title": "t", "description": "x", "deadline": "2020-01-01"}
    )

    assert missing.status_code == 400
    assert "title" in missing.context["form"].errors
    assert past.status_code == 400
    assert "deadline" in past.context["form"].errors
    assert not Opening.objects.exists()


def test_changing_and_closing_through_the_pages(client, project, pi):
    opening = OpeningFactory(project=project)
    client.force_login(pi)

    client.post(
        reverse("projects:opening_edit", args=[opening.pk]),
        {"position": "engineer", "title": "Research engineer", "description": "Changed."},
    )
    closed = client.post(reverse("projects:opening_close", args=[opening.pk]))
    again = client.post(reverse("projects:opening_close", args=[opening.pk]))

    opening.refresh_from_db()
    assert (opening.position, opening.title, opening.status) == (
        "engineer",
        "Research engineer",
        "closed",
    )
    assert closed.status_code == 302
    assert again.status_code == 400
    assert "closed already" in again.content.decode()


def test_subscribing_through_the_page(client):
    student = _student()
    client.force_login(student)

    page = client.get(reverse("projects:openings"))
    response = client.post(
        reverse("projects:openings_subscribe"), {"positions": ["student"], "areas": ["climate"]}
    )

    assert page.context["can_subscribe"] is True
    assert response.status_code == 302
    subscription = OpeningSubscription.objects.get(user=student)
    assert [a.slug for a in subscription.areas.all()] == ["climate"]
    assert client.get(reverse("projects:openings")).context["subscription"] == subscription


def test_a_refused_subscription_re_renders_the_page_with_the_reason(client):
    senior = ProfileFactory(career_stage=Profile.CareerStage.SENIOR).user
    client.force_login(senior)

    response = client.post(reverse("projects:openings_subscribe"), {"positions": ["student"]})

    assert response.status_code == 400
    assert "students and postdocs" in response.content.decode()
    assert not OpeningSubscription.objects.exists()


def test_the_page_offers_project_leads_to_post(client, project, pi):
    ProjectFactory(created_by=pi, status=Project.Status.COMPLETED, title="Old one")
    client.force_login(pi)

    response = client.get(reverse("projects:openings"))

    assert response.context["led_projects"] == [project]
    assert reverse("projects:opening_new", args=[project.slug]) in response.content.decode()


def test_the_trail_reads_as_sentences(project, pi):
    from tpc_portal.audit import audit_sentence

    opening = _post(project, pi)
    opening_close(opening=opening, actor=pi)

    posted, closed = (str(audit_sentence(entry)) for entry in audit_of(project))
    name = pi.profile.display_name
    assert posted.strip() == (
        f"{name} posted the opening “PhD student in climate emulation” (position: Student)."
    )
    assert closed.strip() == f"{name} closed the opening “PhD student in climate emulation”."
