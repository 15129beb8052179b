"""Who may open which committee page and endpoint: role, URL and method -> status.

Refusals: not logged in → redirect to log in (API: 401); no seat and not staff → 403;
seat or staff without a second factor → redirect to set one up; a recused seat → 404 on
everything that would tell it about the handling of the case.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from steering.models import Case, Conflict, Seat
from tests.factories import UserFactory
from tests.steering.factories import (
    BallotFactory,
    CaseFactory,
    ReviewFactory,
    SeatFactory,
    give_totp,
)

pytestmark = pytest.mark.django_db

LOGIN, SETUP = "login", "setup"  # redirects: to log in, to set up a second factor

ROLES = [
    "anonymous",
    "member",
    "submitter",
    "seat_without_2fa",
    "seat",
    "reviewer",
    "recused",
    "chair",
    "staff_without_2fa",
    "staff",
]

# (url name, method, {role: status}); roles left out expect `default`.
COMMITTEE = {
    "anonymous": LOGIN,
    "member": 403,
    "submitter": 403,
    "seat_without_2fa": SETUP,
    "staff_without_2fa": SETUP,
}
TABLE = [
    ("index", "get", {}, 200),
    ("apply", "get", {"anonymous": LOGIN}, 200),
    ("proposals", "get", {"anonymous": LOGIN}, 200),
    ("proposal", "get", {"anonymous": LOGIN, "submitter": 200}, 404),
    ("proposal_withdraw", "get", {"anonymous": LOGIN}, 405),
    ("proposal_withdraw", "post", {"anonymous": LOGIN, "submitter": 302}, 404),
    ("dashboard", "get", COMMITTEE, 200),
    ("cases", "get", COMMITTEE, 200),
    ("case", "get", COMMITTEE, 200),
    ("case", "post", COMMITTEE, 405),
    ("reviews", "get", {**COMMITTEE, "recused": 404, "reviewer": 403}, 200),
    ("discussion", "get", {**COMMITTEE, "recused": 404}, 200),
    ("discussion", "post", {**COMMITTEE, "recused": 404}, 400),
    ("audit", "get", {**COMMITTEE, "recused": 404}, 200),
    ("review", "get", {**COMMITTEE, "reviewer": 200}, 404),
    ("review", "post", {**COMMITTEE, "reviewer": 400}, 404),
    ("vote", "get", COMMITTEE, 405),
    (
        "vote",
        "post",
        {**COMMITTEE, "recused": 404, "staff": 403, "seat": 400, "reviewer": 400, "chair": 400},
        403,
    ),
    ("conflict_declare", "post", {**COMMITTEE, "recused": 404}, 400),
    ("case_review_start", "post", {**COMMITTEE, "recused": 404, "chair": 400}, 403),
    ("reviewer_assign", "post", {**COMMITTEE, "recused": 404, "chair": 400}, 403),
    ("ballot_extend", "post", {**COMMITTEE, "recused": 404, "chair": 400}, 403),
    ("decision", "get", {**COMMITTEE, "recused": 404, "chair": 200}, 403),
    ("decision", "post", {**COMMITTEE, "recused": 404, "chair": 400}, 403),
    ("seats", "get", {"anonymous": LOGIN, "staff_without_2fa": SETUP, "staff": 200}, 403),
    ("seat_create", "post", {"anonymous": LOGIN, "staff_without_2fa": SETUP, "staff": 400}, 403),
    ("seat_edit", "get", {"anonymous": LOGIN, "staff_without_2fa": SETUP, "staff": 200}, 403),
]
API = [
    ("api:case-list", "get", {"anonymous": 401, "staff": 200, **dict.fromkeys(
        ["seat", "reviewer", "recused", "chair"], 200)}, 403),
    ("api:case-detail", "get", {"anonymous": 401, "staff": 200, **dict.fromkeys(
        ["seat", "reviewer", "recused", "chair"], 200)}, 403),
    ("api:case-detail", "delete", {"anonymous": 401, "staff": 405, **dict.fromkeys(
        ["seat", "reviewer", "recused", "chair"], 405)}, 403),
    ("api:decision-list", "get", {"anonymous": 401}, 200),
]  # fmt: skip
# Seat pages take a seat; case pages the case; proposal pages the case too.
SEAT_ROUTES = {"seat_edit"}
PLAIN_ROUTES = {"index", "apply", "proposals", "dashboard", "cases", "seats", "seat_create"}


@pytest.fixture
def world(db):
    """One case in review with an open vote; every role's person."""
    chair = SeatFactory(role=Seat.Role.CHAIR)
    seat = SeatFactory()
    reviewer = SeatFactory()
    recused = SeatFactory()
    unprotected = SeatFactory()
    unprotected.representative.authenticator_set.all().delete()
    case = CaseFactory(status=Case.Status.IN_REVIEW, institutions=[recused.institution])
    case.review_deadline = timezone.now() + timedelta(days=10)
    case.save()
    ReviewFactory(case=case, seat=reviewer)
    BallotFactory(case=case, opened_by=chair.representative)
    staff = UserFactory(is_staff=True)
    return {
        "case": case,
        "seat_pk": seat.pk,
        "people": {
            "anonymous": None,
            "member": UserFactory(),
            "submitter": case.submitter,
            "seat_without_2fa": unprotected.representative,
            "seat": seat.representative,
            "reviewer": reviewer.representative,
            "recused": recused.representative,
            "chair": chair.representative,
            "staff_without_2fa": UserFactory(is_staff=True),
            "staff": give_totp(staff),
        },
    }


def _url(name: str, world) -> str:
    if name.startswith("api:"):
        return reverse(name, args=[world["case"].pk]) if name.endswith("detail") else reverse(name)
    if name in PLAIN_ROUTES:
        return reverse(f"steering:{name}")
    if name in SEAT_ROUTES:
        return reverse(f"steering:{name}", args=[world["seat_pk"]])
    return reverse(f"steering:{name}", args=[world["case"].pk])


def _outcome(response) -> int | str:
    if response.status_code == 302:
        if response["Location"].startswith(reverse("account_login")):
            return LOGIN
        if response["Location"].startswith(reverse("mfa_activate_totp")):
            return SETUP
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


def test_a_declared_conflict_refuses_like_an_involved_institution(client, world):
    seat = SeatFactory()
    Conflict.objects.create(
        case=world["case"], seat=seat, reason="Co-author", declared_by=seat.representative
    )
    client.force_login(seat.representative)

    for name in ["reviews", "discussion", "audit", "decision"]:
        assert client.get(_url(name, world)).status_code == 404, name
    assert client.post(_url("vote", world), {"choice": "approve"}).status_code == 404


def test_a_seat_whose_term_ended_is_no_committee_member(client, world):
    seat = SeatFactory(term_end=timezone.localdate() - timedelta(days=1))
    client.force_login(seat.representative)

    assert client.get(reverse("steering:dashboard")).status_code == 403


def test_the_alternate_acts_for_the_seat(client, world):
    seat = Seat.objects.get(pk=world["seat_pk"])
    from tests.steering.factories import member_of

    seat.alternate = give_totp(member_of(seat.institution))
    seat.save()
    client.force_login(seat.alternate)

    assert client.post(_url("vote", world), {"choice": "abstain"}).status_code == 302
    assert world["case"].ballots.get().votes.get().seat == seat
