"""Who may do what with machine time: role x URL x method -> status.

Visitors are sent to log in from a project's allocations; people outside the team get a
404 (as for a project they may not see); the team reads; the PI and co-PIs ask; staff (with
a second factor) suspend and resume. Sites are public.
"""

import pytest
from django.urls import reverse

from projects.models import TeamMember
from tests.allocations.helpers import co_pi_of, member_of_team, two_periods
from tests.factories import AllocationFactory, ProfileFactory, UserFactory
from tests.steering.factories import give_totp

pytestmark = pytest.mark.django_db

ROLES = ["visitor", "outsider", "member", "student", "co_pi", "pi", "staff", "staff_no_2fa"]
LOGIN = "login"
SECOND_FACTOR = "second factor"  # sent to set one up first

# (url name, method): {role: status}; a role left out is the row's default ("*").
TABLE = {
    ("sites", "get"): {"*": 200},
    ("sites", "post"): {"*": 405},
    ("site", "get"): {"*": 200},
    ("site", "post"): {"*": 405},
    ("project_allocations", "get"): {
        "visitor": LOGIN,
        "outsider": 404,
        "*": 200,
    },
    ("project_allocations", "post"): {"visitor": LOGIN, "*": 405},
    ("allocation_request_new", "get"): {
        "visitor": LOGIN,
        "outsider": 404,
        "member": 403,
        "student": 403,
        "staff": 403,
        "staff_no_2fa": 403,
        "*": 200,
    },
    ("allocation_request_new", "post"): {
        "visitor": LOGIN,
        "outsider": 404,
        "member": 403,
        "student": 403,
        "staff": 403,
        "staff_no_2fa": 403,
        "*": 400,  # an empty form: refused with its reasons
    },
    ("allocation_ledger_csv", "get"): {"visitor": LOGIN, "outsider": 404, "*": 200},
    ("allocation_ledger_csv", "post"): {"visitor": LOGIN, "*": 405},
    ("allocation_suspend", "get"): {
        "visitor": LOGIN,
        "staff": 405,
        "staff_no_2fa": SECOND_FACTOR,
        "*": 403,
    },
    ("allocation_suspend", "post"): {
        "visitor": LOGIN,
        "staff": 302,
        "staff_no_2fa": SECOND_FACTOR,
        "*": 403,
    },
    ("allocation_resume", "post"): {
        "visitor": LOGIN,
        "staff": 302,
        "staff_no_2fa": SECOND_FACTOR,
        "*": 403,
    },
}


@pytest.fixture
def world():
    two_periods()
    allocation = AllocationFactory()
    project = allocation.project
    people = {
        "visitor": None,
        "outsider": ProfileFactory().user,
        "member": member_of_team(project),
        "student": member_of_team(project, role=TeamMember.Role.STUDENT),
        "co_pi": co_pi_of(project),
        "pi": project.created_by,
        "staff": give_totp(UserFactory(is_staff=True)),
        "staff_no_2fa": UserFactory(is_staff=True),
    }
    return allocation, people


def _url(name, allocation):
    project = allocation.project
    if name == "sites":
        return reverse("projects:sites")
    if name == "site":
        return reverse("projects:site", args=[allocation.resource.site.slug])
    if name in {"project_allocations", "allocation_request_new"}:
        return reverse(f"projects:{name}", args=[project.slug])
    return reverse(f"projects:{name}", args=[project.slug, allocation.pk])


CASES = [
    (name, method, role, statuses.get(role, statuses.get("*")))
    for (name, method), statuses in TABLE.items()
    for role in ROLES
]


@pytest.mark.parametrize(("name", "method", "role", "expected"), CASES)
def test_permission_table(client, world, name, method, role, expected):
    allocation, people = world
    if people[role] is not None:
        client.force_login(people[role])

    response = getattr(client, method)(_url(name, allocation))

    if expected == LOGIN:
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    elif expected == SECOND_FACTOR:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("mfa_activate_totp"))
    else:
        assert response.status_code == expected, response.get("Location")
