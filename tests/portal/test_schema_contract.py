"""The published OpenAPI schema is a contract: every answer of every endpoint matches it.

Partner sites generate clients from /api/v1/schema/. Each operation is called for real (as
someone allowed, with a missing object, as a visitor, as someone refused) and every
answer is validated against what the schema publishes for that status: a status it does
not list, a field it does not describe, a null it says cannot happen all fail. A new
endpoint is covered by the walk; it fails until the data below gives it something to show.
"""

import copy
import datetime

import pytest
from django.utils import timezone
from jsonschema import Draft7Validator
from rest_framework.test import APIClient

from events.models import Event
from events.services.registration import registration_create
from notifications.models import Notification
from projects.models import Project
from projects.services.site_keys import site_key_create
from steering.models import Decision, Seat
from tests.factories import (
    AllocationFactory,
    EventFactory,
    MeetingFactory,
    OpeningFactory,
    ProfileFactory,
    ProjectFactory,
    UserFactory,
    WorkingGroupFactory,
)
from tests.steering.factories import BallotFactory, CaseFactory, SeatFactory
from tests.workinggroups.record_world import held_meeting
from workinggroups.models import Meeting, Minutes

pytestmark = pytest.mark.django_db

MISSING = {"id": "987654321", "slug": "no-such-thing"}


def _as_json_schema(node):
    """OpenAPI 3.0's dialect as JSON Schema: `nullable` becomes a null alternative, and an
    object's properties are all it may have (an undescribed field is a broken contract).

    `oneOf` is read as `anyOf`: formats are not checked here, so alternatives that differ
    by format only (a blank URL is `maxLength: 0` or a `uri`) would both match."""
    if isinstance(node, list):
        return [_as_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _as_json_schema(value) for key, value in node.items()}
    if "properties" in node and "additionalProperties" not in node:
        node["additionalProperties"] = False
    if "oneOf" in node:
        node["anyOf"] = node.pop("oneOf")
    if node.pop("nullable", False):
        node = {"anyOf": [node, {"type": "null"}]}
    return node


@pytest.fixture(scope="module")
def published(django_db_blocker):
    with django_db_blocker.unblock():
        return APIClient().get("/api/v1/schema/", {"format": "json"}).json()


def _validate(published, operation, status, body):
    responses = operation["responses"]
    assert str(status) in responses, f"answered {status}, the schema lists {sorted(responses)}"
    content = responses[str(status)].get("content", {}).get("application/json")
    if body is None:  # an answer without a body (204 No Content)
        assert not content, f"{status} is published with a body, answered without one"
        return
    assert content, f"{status} is published without a JSON body"
    components = _as_json_schema(copy.deepcopy(published["components"]))
    schema = {
        "components": components,
        "allOf": [_as_json_schema(content["schema"])],
    }
    errors = sorted(Draft7Validator(schema).iter_errors(body), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


@pytest.fixture
def world():
    """Something for every endpoint to show, seen by a committee member."""
    seat = SeatFactory(role=Seat.Role.CHAIR)
    caller = seat.representative
    ProfileFactory(institution=seat.institution)  # a colleague in the directory
    case = CaseFactory()
    ballot = BallotFactory(case=case, closes_at=timezone.now() - datetime.timedelta(days=1))
    Decision.objects.create(
        case=case,
        ballot=ballot,
        outcome=Decision.Outcome.APPROVED,
        rationale="Strong fit with the consortium.",
        decided_by=caller,
        acting_as=Seat.Role.CHAIR,
        eligible_seats=1,
        votes_approve=1,
        votes_reject=0,
        votes_abstain=0,
    )
    # A draft of the caller's (first in the list: its PATCH edits it) and someone's project.
    ProjectFactory(status=Project.Status.DRAFT, created_by=caller, title="A draft of the chair")
    ProjectFactory()
    OpeningFactory()  # an opening of an active project
    Notification.objects.create(recipient=caller, kind="announcement", title="From the portal")
    Notification.objects.create(
        recipient=caller, kind="announcement", title="From a person", actor=UserFactory()
    )
    MeetingFactory(group__members=[caller])  # a meeting whose member-only parts they see
    MeetingFactory()
    _working_group_of(caller)
    # A working group the caller may join (and then leave), led by a colleague: first in the
    # list by its name, so that the detail operations are called with it.
    WorkingGroupFactory(
        name="A group to join", proposer=ProfileFactory(institution=seat.institution).user
    )
    # --- Allocations: a site with a resource, and an allocation of a project the caller is on.
    AllocationFactory(project=ProjectFactory(created_by=caller))
    _events_of(caller)
    return caller


def _events_of(caller):
    """An event the caller organises, the soonest (the detail operations are called with
    it: they register for it and cancel again), and another they registered for."""
    soon = timezone.now().replace(microsecond=0) + datetime.timedelta(days=10)
    EventFactory(organiser=caller, audience=Event.Audience.PUBLIC, start=soon)
    registration_create(event=EventFactory(), actor=caller)


def _working_group_of(caller):
    """A group the caller leads: minutes of a past meeting, one without minutes yet, and an
    action item of the caller's."""
    from workinggroups.services.actions import action_item_create
    from workinggroups.services.minutes import minutes_save

    group = WorkingGroupFactory(proposer=caller)
    minutes_save(actor=caller, meeting=held_meeting(group), text="Notes", base_revision=0)
    held_meeting(group, days_ago=2)
    action_item_create(
        actor=caller,
        group=group,
        owner=caller,
        text="Send the summary",
        due=timezone.now().date() + datetime.timedelta(days=3),
    )


def _body(method, path, row):
    """What a write needs to succeed: a fixed body, or the minutes' text and the revision
    it starts from."""
    if (method, path) in REQUEST_BODIES:
        return REQUEST_BODIES[(method, path)]
    if (method, path) == ("post", "/api/v1/minutes/"):
        meeting = Meeting.objects.filter(minutes__isnull=True, start__lt=timezone.now()).first()
        return {"meeting": meeting.pk, "text": "First notes", "base_revision": 0}
    if (method, path) == ("put", "/api/v1/minutes/{id}/"):
        minutes = Minutes.objects.get(pk=row["id"])
        return {"text": minutes.text + " and more", "base_revision": minutes.revision}
    return None


# --- Usage: reporting usage takes a partner site's key (a person may not); the world's
# caller reads the ledger of a project whose team they are on.
@pytest.fixture
def site_calls(world):
    now = timezone.now()
    allocation = AllocationFactory(
        project__team=[world],
        start=now.date() - datetime.timedelta(days=30),
        end=now.date() + datetime.timedelta(days=30),
    )
    _key, plaintext = site_key_create(actor=None, site=allocation.resource.site, name="schema")
    site = APIClient()
    site.credentials(HTTP_AUTHORIZATION=f"Api-Key {plaintext}")

    def batch(record_id):
        start = now - datetime.timedelta(days=2)
        return {
            "records": [
                {
                    "record_id": record_id,
                    "allocation": allocation.pk,
                    "period_start": start.isoformat(),
                    "period_end": (start + datetime.timedelta(days=1)).isoformat(),
                    "amount": "12.5",
                    "unit": allocation.resource.unit,
                }
            ]
        }

    site.post("/api/v1/usage/", batch("seen"), format="json")
    return {
        ("post", "/api/v1/usage/"): lambda: site.post(
            "/api/v1/usage/", batch("new"), format="json"
        ),
    }


# --- Events: publishing and cancelling the event of the detail operations would leave it
# closed to registering; they are called on a draft and another event of the caller's.
@pytest.fixture
def event_calls(world):
    api = APIClient()
    api.force_authenticate(world)
    draft = EventFactory(organiser=world, status=Event.Status.DRAFT)
    other = EventFactory(organiser=world)
    return {
        ("post", "/api/v1/events/{slug}/publish/"): lambda: api.post(
            f"/api/v1/events/{draft.slug}/publish/"
        ),
        ("post", "/api/v1/events/{slug}/cancel/"): lambda: api.post(
            f"/api/v1/events/{other.slug}/cancel/", {"message": "Snow."}, format="json"
        ),
    }


def _operations(published):
    for path, operations in published["paths"].items():
        for method, operation in operations.items():
            yield path, method, operation


# Operations that need a body to succeed: what a client would send.
REQUEST_BODIES = {
    ("post", "/api/v1/projects/"): {
        "title": "An evaluation suite for climate models",
        "summary": "Benchmarks of downscaling skill.",
        "kind": "evaluation",
    },
    ("post", "/api/v1/events/"): {
        "kind": "hackathon",
        "title": "Hackathon on scientific tokenizers",
        "start": "2031-03-02T09:00:00Z",
        "end": "2031-03-04T17:00:00Z",
        "format": "virtual",
        "online_link": "https://meet.example.org/tokenizers",
        "questions": [{"label": "Level", "kind": "choice", "options": ["new", "expert"]}],
    },
    ("patch", "/api/v1/events/{slug}/"): {"title": "Scaling laws, revisited"},
}


def _fill(path, **values):
    for name, value in values.items():
        path = path.replace("{" + name + "}", str(value))
    return path


def test_every_answer_matches_the_published_schema(published, world, site_calls, event_calls):
    api = APIClient()
    api.force_authenticate(world)
    listed: dict[str, dict] = {}
    succeeded = set()

    # Lists first: their rows name the objects the detail operations are called with.
    for path, method, operation in sorted(_operations(published), key=lambda op: "{" in op[0]):
        if "{" in path:
            parent = path[: path.index("{")]
            row = listed[parent]
            url = _fill(path, id=row.get("id"), slug=row.get("slug"))
        else:
            url, row = path, None
        call = (site_calls | event_calls).get((method, path))
        body = _body(method, path, row)
        extra = {"format": "json"} if body else {}
        response = call() if call else getattr(api, method)(url, body, **extra)
        answer = response.json() if response.content else None
        _validate(published, operation, response.status_code, answer)
        if response.status_code < 300:
            succeeded.add((method, path))
        if method == "get" and "{" not in path:
            body = response.json()
            rows = body["results"] if isinstance(body, dict) and "results" in body else body
            if isinstance(rows, list):
                assert rows, f"{path} listed nothing to check its details with"
                listed[path] = rows[0]

    assert succeeded == {(method, path) for path, method, _ in _operations(published)}


def test_every_error_answer_matches_the_published_schema(published, world):
    member = APIClient()
    member.force_authenticate(ProfileFactory().user)  # a confirmed member, no seat
    committee = APIClient()
    committee.force_authenticate(world)
    checked = 0

    for path, method, operation in _operations(published):
        answers = [
            # A visitor: 401, or 404 where visitors are welcome.
            getattr(APIClient(), method)(_fill(path, **MISSING)),
            # A member without a seat: 403 where a seat is needed, else 404.
            getattr(member, method)(_fill(path, **MISSING)),
        ]
        if "{" in path:
            answers.append(getattr(committee, method)(_fill(path, **MISSING)))  # 404
        if "page" in {p["name"] for p in operation.get("parameters", [])}:
            answers.append(committee.get(path, {"page": 999}))  # 404: no such page
        for response in answers:
            if response.status_code >= 400:
                _validate(published, operation, response.status_code, response.json())
                checked += 1

    assert checked > 0


def test_a_bad_token_answer_matches_the_published_schema(published):
    for path, method, operation in _operations(published):
        response = getattr(APIClient(), method)(
            _fill(path, **MISSING), HTTP_AUTHORIZATION="Token not-a-token"
        )
        _validate(published, operation, response.status_code, response.json())


def test_a_notice_without_an_actor_is_published_as_nullable(published, world):
    api = APIClient()
    api.force_authenticate(world)
    actors = {row["actor"] for row in api.get("/api/v1/notifications/").json()["results"]}

    assert None in actors
    actor = published["components"]["schemas"]["Notification"]["properties"]["actor"]
    assert actor.get("nullable") is True
