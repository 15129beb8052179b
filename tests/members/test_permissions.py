"""Who may use each page of the members app: role x URL x method -> status."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from members import services
from members.models import Institution
from tests.factories import ProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "login"  # a redirect to the log-in page


@pytest.fixture
def world(lab, university):
    representative = ProfileFactory(institution=lab, user__full_name="Rep").user
    Institution.objects.filter(pk=lab.pk).update(representative=representative)
    lab.refresh_from_db()
    target = ProfileFactory(institution=lab, user__full_name="Target")
    public = ProfileFactory(institution=lab, user__full_name="Public", visibility="public")
    asker = ProfileFactory(institution=None, user__full_name="Asker")
    request = services.affiliation_request(profile=asker, institution=lab, actor=asker.user)
    staff = UserFactory(is_staff=True)
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return {
        "visitor": None,
        "unaffiliated": ProfileFactory(institution=None).user,
        "member": ProfileFactory(institution=university).user,
        "representative": representative,
        "staff": staff,
        "target": target,
        "public": public,
        "request": request,
        "lab": lab,
    }


def _url(name, world):
    args = {
        "members:profile": [world["target"].pk],
        "members:contact": [world["target"].pk],
        "public_profile": [world["public"].pk],
        "members:affiliation_confirm": [world["request"].pk],
        "members:affiliation_decline": [world["request"].pk],
        "members:institution": [world["lab"].slug],
    }.get(name, [])
    return reverse("members:profile" if name == "public_profile" else name, args=args)


# (url name, method) -> {role: status}
TABLE = {
    ("members:institutions", "get"): dict.fromkeys(
        ["visitor", "unaffiliated", "member", "representative", "staff"], 200
    ),
    ("members:institution", "get"): dict.fromkeys(
        ["visitor", "unaffiliated", "member", "representative", "staff"], 200
    ),
    ("members:researchers", "get"): dict.fromkeys(
        ["visitor", "unaffiliated", "member", "representative", "staff"], 200
    ),
    ("public_profile", "get"): dict.fromkeys(
        ["visitor", "unaffiliated", "member", "representative", "staff"], 200
    ),
    ("members:profile", "get"): {
        "visitor": LOGIN,
        "unaffiliated": 403,  # told that such profiles are for confirmed members
        "member": 200,
        "representative": 200,
        "staff": 200,
    },
    ("members:contact", "get"): {
        "visitor": LOGIN,
        "unaffiliated": 404,
        "member": 200,
        "representative": 200,
        "staff": 200,
    },
    ("members:profile_edit", "get"): {
        "visitor": LOGIN,
        "unaffiliated": 200,
        "member": 200,
        "representative": 200,
        "staff": 200,
    },
    ("members:affiliation", "get"): {
        "visitor": LOGIN,
        "unaffiliated": 200,
        "member": 200,
        "representative": 200,
        "staff": 200,
    },
    ("members:affiliation_requests", "get"): {
        "visitor": LOGIN,
        "unaffiliated": 403,
        "member": 403,
        "representative": 200,
        "staff": 200,
    },
    ("members:affiliation_confirm", "get"): dict.fromkeys(
        ["unaffiliated", "member", "representative", "staff"], 405
    )
    | {"visitor": LOGIN},
    ("members:affiliation_confirm", "post"): {
        "visitor": LOGIN,
        "unaffiliated": 403,
        "member": 403,
        "representative": 302,
        "staff": 302,
    },
    ("members:affiliation_decline", "post"): {
        "visitor": LOGIN,
        "unaffiliated": 403,
        "member": 403,
        "representative": 302,
        "staff": 302,
    },
}
CASES = [
    (name, method, role, status)
    for (name, method), statuses in TABLE.items()
    for role, status in statuses.items()
]


@pytest.mark.parametrize(("name", "method", "role", "expected"), CASES)
def test_permission_table(client, world, name, method, role, expected):
    if world[role] is not None:
        client.force_login(world[role])

    response = getattr(client, method)(_url(name, world))

    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == expected
