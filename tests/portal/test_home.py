"""The home page: the consortium for visitors, where a person stands and what waits for them;
and the navigation, which offers only areas that exist."""

import pytest
from django.http import HttpResponse
from django.urls import include, path, reverse

from members import services
from members.models import Institution
from notifications.notices import ANNOUNCEMENT
from notifications.services import notify
from portal.areas import AREAS, open_areas
from tests.conftest import clear_cache
from tests.factories import InstitutionFactory, ProfileFactory
from tests.steering.factories import BallotFactory, ReviewFactory, SeatFactory

pytestmark = pytest.mark.django_db

# A URLconf in which only the working groups are built (see the last test of the areas).
urlpatterns = [
    path(
        "groups/",
        include(([path("", lambda request: HttpResponse(), name="index")], "workinggroups")),
    ),
]


@pytest.fixture
def lab(db):
    return InstitutionFactory(name="Argonne National Laboratory", slug="anl", domains=["anl.gov"])


# --- Navigation and areas ---------------------------------------------------------------------


@pytest.mark.parametrize("signed_in", [False, True])
def test_every_navigation_item_leads_to_a_page_that_exists(client, lab, signed_in):
    if signed_in:
        client.force_login(ProfileFactory(institution=lab).user)
    page = client.get(reverse("home")).content.decode()
    nav = page[page.index('<nav aria-label="Main"') : page.index("</nav>")]

    for area in open_areas():
        assert f'href="{area.url}"' in nav
        response = client.get(area.url)
        assert response.status_code == 200, area.url
        assert "being built" not in response.content.decode()


def test_home_page_links_only_areas_that_exist(client):
    page = client.get(reverse("home")).content.decode()

    assert [area.key for area in open_areas()] == [
        "members",
        "workinggroups",
        "projects",
        "events",
        "steering",
    ]
    assert reverse("events:index") in page
    assert reverse("steering:index") in page


@pytest.mark.urls(__name__)
def test_an_area_opens_once_its_app_names_an_index_route():
    assert [area.key for area in open_areas()] == ["workinggroups"]
    assert len(AREAS) == 5


# --- Visitors ---------------------------------------------------------------------------------


def test_visitor_reads_live_figures_and_how_to_join(client, lab):
    ProfileFactory.create_batch(3, institution=lab)
    ProfileFactory(institution=lab, visibility="hidden")
    InstitutionFactory(status=Institution.Status.APPLICANT)

    page = client.get(reverse("home")).content.decode()

    assert "<strong>1</strong> member institution" in page
    assert "<strong>3</strong> researchers in the directory" in page
    assert "How to join" in page
    assert "you are a member automatically" in page
    assert reverse("account_signup") in page


def test_visitor_counts_the_groups_projects_and_events_they_may_see(client, lab):
    from events.models import Event
    from projects.models import Project
    from tests.factories import EventFactory, ProjectFactory, WorkingGroupFactory

    WorkingGroupFactory.create_batch(2)
    ProjectFactory(status=Project.Status.ACTIVE)
    ProjectFactory(status=Project.Status.DRAFT)
    EventFactory(audience=Event.Audience.PUBLIC)
    EventFactory(audience=Event.Audience.MEMBERS)  # not for visitors
    EventFactory(audience=Event.Audience.PUBLIC, status=Event.Status.DRAFT)

    page = client.get(reverse("home")).content.decode()

    assert "<strong>2</strong> working groups" in page
    assert "<strong>1</strong> active project" in page
    assert "<strong>1</strong> upcoming event" in page


def test_visitor_figures_are_cached_briefly(client, lab, django_assert_num_queries):
    client.get(reverse("home"))
    ProfileFactory(institution=lab)

    with django_assert_num_queries(0):
        cached = client.get(reverse("home")).content.decode()
    clear_cache()
    fresh = client.get(reverse("home")).content.decode()

    assert "<strong>0</strong> researchers" in cached
    assert "<strong>1</strong> researcher in the directory" in fresh


# --- Where a person stands --------------------------------------------------------------------


def test_member_is_told_the_institution_they_belong_through(client, lab):
    client.force_login(ProfileFactory(institution=lab).user)

    page = client.get(reverse("home")).content.decode()

    assert "You are a member through <strong>Argonne National Laboratory</strong>." in page
    assert "Ask to join an institution" not in page


def test_unaffiliated_person_is_asked_to_join_an_institution(client):
    client.force_login(ProfileFactory(institution=None, display_name="").user)

    page = client.get(reverse("home")).content.decode()

    assert "You are not affiliated with a member institution yet" in page
    assert f'<a href="{reverse("members:affiliation")}">Ask to join an institution</a>' in page


def test_pending_request_is_named_with_its_institution(client, lab):
    profile = ProfileFactory(institution=None)
    services.affiliation_request(profile=profile, institution=lab, actor=profile.user)
    client.force_login(profile.user)

    page = client.get(reverse("home")).content.decode()

    assert "Your request to join <strong>Argonne National Laboratory</strong> is waiting" in page


def test_newcomer_gets_first_steps_to_pages_that_exist(client):
    client.force_login(ProfileFactory(institution=None, display_name="").user)

    page = client.get(reverse("home")).content.decode()

    assert f'<a href="{reverse("members:profile_edit")}">Complete your profile' in page
    assert f'<a href="{reverse("members:researchers")}">Find people' in page
    assert f'<a href="{reverse("workinggroups:index")}">Join a working group' in page


def test_listed_member_with_nothing_waiting_is_told_so(client, lab):
    client.force_login(ProfileFactory(institution=lab).user)

    page = client.get(reverse("home")).content.decode()

    assert "Complete your profile" not in page
    assert "Nothing is waiting for you." in page


# --- A member's next actions ------------------------------------------------------------------


@pytest.fixture
def busy_representative(lab):
    """A seat holder who owes reviews and votes, represents an institution with pending
    affiliation requests, and has unread notices."""
    seat = SeatFactory(institution=lab)
    Institution.objects.filter(pk=lab.pk).update(representative=seat.representative)
    for _ in range(2):
        ReviewFactory(seat=seat)
    BallotFactory()
    for _ in range(3):
        asker = ProfileFactory(institution=None)
        services.affiliation_request(profile=asker, institution=lab, actor=asker.user)
    notify([seat.representative], ANNOUNCEMENT, context={"subject": "s", "message": "m"})
    return seat.representative


def test_member_sees_next_actions_in_one_list_with_links(client, busy_representative):
    client.force_login(busy_representative)

    page = client.get(reverse("home")).content.decode()
    actions = page[
        page.index('class="next-actions"') : page.index("</ul>", page.index("next-actions"))
    ]

    dashboard = reverse("steering:dashboard")
    assert f'<a href="{dashboard}">2 reviews due</a>' in actions
    assert f'<a href="{dashboard}">1 vote open for your seat</a>' in actions
    requests = reverse("members:affiliation_requests")
    assert f'<a href="{requests}">3 affiliation requests to decide</a>' in actions
    assert f'<a href="{reverse("notifications:inbox")}">1 unread notice</a>' in actions


def test_member_home_page_queries_stay_flat(
    client, busy_representative, lab, django_assert_max_num_queries
):
    me = busy_representative.profile
    me.expertise.set(me.expertise.model.objects.filter(slug__in=["evaluation", "physics"]))
    ProfileFactory.create_batch(15, institution=InstitutionFactory(), expertise=["evaluation"])
    for _ in range(5):
        ReviewFactory(seat=me.user.seats.first())
    client.force_login(busy_representative)
    client.get(reverse("home"))  # warm the per-process caches (sessions, content types)

    # The user; their profile for the time-zone middleware and the header's name; the
    # profile with its areas and keywords (3); the seat; reviews due, votes
    # open, requests to decide, requests to join groups they lead, unread notices (one COUNT
    # each, the inbox badge sharing the last); membership for the suggestions, their ranking
    # and their cards.
    with django_assert_max_num_queries(14):
        response = client.get(reverse("home"))

    assert response.status_code == 200
    assert "7 reviews due" in response.content.decode()
