"""How many queries the group list, a group's page and the API list cost, with 5 rows and
with 500: the same number, or an N+1 has crept in (issue 11, tests)."""

import itertools

import pytest
from django.urls import reverse

from members.models import ExpertiseArea, Profile, User
from tests.factories import InstitutionFactory, MeetingFactory, ProfileFactory, UserFactory
from tests.workinggroups.groups_world import confirmed
from workinggroups.models import Membership, WorkingGroup

pytestmark = pytest.mark.django_db

SIZES = [5, 500]
_numbers = itertools.count()


def _people(count: int) -> list[User]:
    """Confirmed members with listed profiles, made in bulk."""
    institution = InstitutionFactory()
    numbers = [next(_numbers) for _ in range(count)]
    users = User.objects.bulk_create(
        [User(email=f"bulk{n}@lab.example", full_name=f"Bulk Person {n}") for n in numbers]
    )
    Profile.objects.bulk_create(
        [Profile(user=user, display_name=user.full_name, institution=institution) for user in users]
    )
    return users


def _groups(count: int, *, viewer: User | None = None) -> list[WorkingGroup]:
    """`count` active groups, each with two leads, a member, two areas and, when given, the
    viewer as a member."""
    people = _people(3)
    proposer = people[0]
    groups = WorkingGroup.objects.bulk_create(
        [
            WorkingGroup(
                name=f"Group {n:04d}",
                slug=f"group-{n:04d}",
                mission="Shared **benchmarks** for science models.",
                status=WorkingGroup.Status.ACTIVE,
                proposer=proposer,
            )
            for n in range(count)
        ]
    )
    rows = []
    for group in groups:
        rows += [
            Membership(group=group, user=people[0], role=Membership.Role.LEAD),
            Membership(group=group, user=people[1], role=Membership.Role.LEAD),
            Membership(group=group, user=people[2]),
        ]
        if viewer is not None:
            rows.append(Membership(group=group, user=viewer))
    Membership.objects.bulk_create(rows)
    areas = list(ExpertiseArea.objects.filter(slug__in=["evaluation", "chemistry"]))
    WorkingGroup.expertise.through.objects.bulk_create(
        [
            WorkingGroup.expertise.through(workinggroup=group, expertisearea=area)
            for group in groups
            for area in areas
        ]
    )
    return groups


@pytest.mark.parametrize("count", SIZES)
def test_the_group_list_costs_the_same_for_5_and_500_groups(
    client, count, django_assert_max_num_queries
):
    viewer = confirmed()
    _groups(count, viewer=viewer)
    client.force_login(viewer)
    client.get(reverse("workinggroups:index"))  # warm the per-process caches

    # The user and their profile (zone); the groups' count, the page's groups, their leads
    # and their areas; the filter's areas; the viewer's proposals, whether they are a
    # confirmed member and the requests waiting for them; the inbox badge.
    with django_assert_max_num_queries(11):
        response = client.get(reverse("workinggroups:index"))

    assert response.status_code == 200
    assert response.content.decode().count('class="profile-card"') == min(count, 50)


@pytest.mark.parametrize("count", SIZES)
def test_a_group_page_costs_the_same_for_5_and_500_members(
    client, count, django_assert_max_num_queries
):
    lead = confirmed("Lena Lead")
    group = _groups(1)[0]
    Membership.objects.create(group=group, user=lead, role=Membership.Role.LEAD)
    Membership.objects.bulk_create([Membership(group=group, user=u) for u in _people(count)])
    Membership.objects.bulk_create(
        [Membership(group=group, user=u, status="pending") for u in UserFactory.create_batch(3)]
    )
    for _ in range(8):
        MeetingFactory(group=group, time_zone="Europe/Berlin")
    ProfileFactory.create_batch(12, institution=InstitutionFactory(), expertise=["evaluation"])
    client.force_login(lead)
    url = reverse("workinggroups:group", args=[group.slug])
    client.get(url)

    # The user and their profile; the group by its slug, then with its member count, its
    # leads and its areas; the viewer's roles; the next meetings; the members; the
    # requests; whether the viewer is a confirmed member, the ranking of people to invite
    # and their cards; the newest documents; the inbox badge.
    with django_assert_max_num_queries(15):
        response = client.get(url)

    text = response.content.decode()
    assert response.status_code == 200
    assert "Bulk Person" in text
    assert text.count("Meeting ") >= 5
    assert "People you may want to invite" in text


@pytest.mark.parametrize("count", SIZES)
def test_the_api_list_costs_the_same_for_5_and_500_groups(
    client, count, django_assert_max_num_queries
):
    viewer = confirmed()
    _groups(count, viewer=viewer)
    client.force_login(viewer)
    url = reverse("api:working-group-list")
    client.get(url)

    # The user and their profile; the viewer's roles; the count, the page's groups, their
    # leads, their members (the viewer's groups only) and their areas; whether the viewer
    # is a confirmed member (researcher ids).
    with django_assert_max_num_queries(9):
        body = client.get(url).json()

    assert body["count"] == count
    assert len(body["results"]) == min(count, 25)
    assert len(body["results"][0]["members"]) == 4
