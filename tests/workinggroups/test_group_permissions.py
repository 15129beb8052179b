"""Who may open which page and endpoint of groups, membership and leads: role, URL and
method -> status.

Refusals: not signed in -> sent to sign in (the API: 401); the leads' pages and actions ->
403 for everyone but the group's leads and staff with a second factor; an action the
person may try but the group refuses (joining twice, the last lead leaving) -> 400 with
the reason. The roles act one after another on the same group, in the order of ROLES, so
that what one did is what the next finds (staff approve a request, the lead then finds it
answered).
"""

import pytest
from django.urls import reverse

from tests.factories import UserFactory, WorkingGroupFactory
from tests.workinggroups.groups_world import confirmed, outsider, secure_staff
from workinggroups.models import Membership, WorkingGroup

pytestmark = pytest.mark.django_db

LOGIN = "login"

ROLES = ["visitor", "signed_in", "confirmed", "group_member", "staff", "lead"]

LEADS_ONLY = {"visitor": LOGIN, "signed_in": 403, "confirmed": 403, "group_member": 403}
POST_ONLY = {"visitor": LOGIN}  # everyone else: 405

# (url name, method, {role: expected}, default); the object a route takes is in _url().
TABLE = [
    ("index", "get", {}, 200),
    ("index", "post", {}, 405),
    ("propose", "get", {"visitor": LOGIN, "signed_in": 403}, 200),
    ("propose", "post", {"visitor": LOGIN, "signed_in": 403}, 400),
    ("group", "get", {}, 200),
    ("group", "post", {}, 405),
    ("members", "get", LEADS_ONLY, 200),
    ("edit", "get", LEADS_ONLY, 200),
    ("edit", "post", LEADS_ONLY, 400),
    ("join", "get", POST_ONLY, 405),
    ("join", "post", {"visitor": LOGIN, "confirmed": 302, "staff": 302}, 400),
    ("leave", "get", POST_ONLY, 405),
    ("leave", "post", {"visitor": LOGIN, "group_member": 302}, 400),
    ("approve", "get", POST_ONLY, 405),
    ("approve", "post", {**LEADS_ONLY, "staff": 302, "lead": 400}, 400),
    ("decline", "post", {**LEADS_ONLY, "staff": 302, "lead": 400}, 400),
    ("remove", "post", {**LEADS_ONLY, "staff": 302, "lead": 400}, 400),
    ("lead_add", "post", {**LEADS_ONLY, "staff": 302, "lead": 400}, 400),
    # The only lead: neither they nor staff may leave the group without one.
    ("lead_remove", "post", LEADS_ONLY, 400),
    ("close", "get", POST_ONLY, 405),
    ("close", "post", {**LEADS_ONLY, "staff": 302, "lead": 400}, 400),
]
API = [
    ("api:working-group-list", "get", {}, 200),
    ("api:working-group-list", "post", {}, 405),
    ("api:working-group-detail", "get", {}, 200),
    ("api:working-group-detail", "delete", {}, 405),
    ("api:working-group-join", "post", {"visitor": 401, "confirmed": 201, "staff": 201}, 400),
    ("api:working-group-leave", "post", {"visitor": 401, "group_member": 200}, 400),
]
# Which membership a lead's action takes.
TARGETS = {
    "approve": "request",
    "decline": "request",
    "remove": "member",
    "lead_add": "member",
    "lead_remove": "lead",
}


@pytest.fixture
def world():
    lead = confirmed("Lena Lead")
    member = confirmed("Mia Member")
    group = WorkingGroupFactory(slug="evaluation", proposer=lead, members=[member])
    request = Membership.objects.create(
        group=group, user=confirmed("Asha Asker"), status=Membership.Status.PENDING
    )
    return {
        "group": group,
        "memberships": {
            "request": request,
            "member": group.memberships.get(user=member),
            "lead": group.memberships.get(user=lead),
        },
        "people": {
            "visitor": None,
            "signed_in": outsider(),
            "confirmed": confirmed(),
            "group_member": member,
            "staff": secure_staff(),
            "lead": lead,
        },
    }


def _url(name: str, world) -> str:
    slug = world["group"].slug
    if name.startswith("api:"):
        return reverse(name) if name.endswith("list") else reverse(name, args=[slug])
    if name in {"index", "propose"}:
        return reverse(f"workinggroups:{name}")
    if name in TARGETS:
        return reverse(f"workinggroups:{name}", args=[slug, world["memberships"][TARGETS[name]].pk])
    return reverse(f"workinggroups:{name}", args=[slug])


def _outcome(response) -> int | str:
    if response.status_code == 302 and response["Location"].startswith(reverse("account_login")):
        return LOGIN
    return response.status_code


@pytest.mark.parametrize(
    ("name", "method", "overrides", "default"),
    [pytest.param(*row, id=f"{row[1]}-{row[0]}") for row in TABLE + API],
)
def test_permission_table(client, world, name, method, overrides, default):
    """Each route and method, every role: the whole row at once, so a failure shows it all."""
    expected = {role: overrides.get(role, default) for role in ROLES}
    actual = {}
    for role in ROLES:
        client.logout()
        if world["people"][role] is not None:
            client.force_login(world["people"][role])
        actual[role] = _outcome(getattr(client, method)(_url(name, world)))

    assert actual == expected


def test_a_proposed_groups_page_is_its_proposers_and_staffs(client):
    proposer = confirmed()
    group = WorkingGroupFactory(proposer=proposer, status=WorkingGroup.Status.PROPOSED)
    url = reverse("workinggroups:group", args=[group.slug])
    seen = {}
    for role, person in {
        "visitor": None,
        "confirmed": confirmed(),
        "proposer": proposer,
        "staff": secure_staff(),
    }.items():
        client.logout()
        if person is not None:
            client.force_login(person)
        seen[role] = client.get(url).status_code

    assert seen == {"visitor": 404, "confirmed": 404, "proposer": 200, "staff": 200}


def test_a_lead_of_another_group_runs_nothing_here(client, world):
    other_lead = WorkingGroupFactory().proposer
    client.force_login(other_lead)

    assert client.get(_url("members", world)).status_code == 403
    assert client.post(_url("approve", world)).status_code == 403


def test_staff_without_a_second_factor_do_not_run_groups(client, world):
    client.force_login(UserFactory(is_staff=True))

    assert client.get(_url("members", world)).status_code == 403
    assert client.post(_url("close", world)).status_code == 403
