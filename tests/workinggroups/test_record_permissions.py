"""Who may open which page and endpoint of a meeting's record, action items and
documents: role, URL and method -> status. Each role's request is rolled back before the
next one's, so a POST that changes something (a removal, an approval) cannot change the
next role's answer.

Refusals: a visitor is sent to log in (401 from the API, except the public documents);
someone outside the group gets 403 on a meeting's record and 404 on its items and
members-only documents (they are not there for them); a member who may read but not
write gets 403.
"""

import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.steering.factories import give_totp
from tests.workinggroups.record_world import make_world
from workinggroups.services.actions import action_item_create
from workinggroups.services.documents import document_add
from workinggroups.services.minutes import minutes_publish, minutes_save

pytestmark = pytest.mark.django_db

LOGIN = "login"
ROLES = [
    "anonymous",
    "outsider",
    "member",  # owns the action item and added the documents
    "other_member",
    "lead",
    "staff_without_2fa",
    "staff",
]
MEMBERS_READ = {"anonymous": LOGIN, "outsider": 403}
LEADS_WRITE = {**MEMBERS_READ, "member": 403, "other_member": 403, "staff_without_2fa": 403}
ITEM = {"anonymous": LOGIN, "outsider": 404, "other_member": 403, "staff_without_2fa": 403}
OWN_DOC = {"anonymous": LOGIN, "outsider": 404, "other_member": 403, "staff_without_2fa": 403}
SIGNED_IN = {"anonymous": LOGIN}

# (url name, what it takes, method, {role: status}, default)
TABLE = [
    ("minutes", "meeting", "get", MEMBERS_READ, 200),
    ("minutes", "meeting", "post", MEMBERS_READ | {"outsider": 405}, 405),
    ("minutes_edit", "meeting", "get", LEADS_WRITE, 200),
    ("minutes_edit", "meeting", "post", LEADS_WRITE, 302),
    ("minutes_history", "meeting", "get", MEMBERS_READ, 200),
    ("minutes_diff", "meeting", "get", MEMBERS_READ, 200),
    ("minutes_publish", "meeting", "get", SIGNED_IN, 405),
    ("minutes_publish", "meeting", "post", LEADS_WRITE, 400),  # published already
    ("minutes_approve", "meeting", "post", LEADS_WRITE, 302),
    ("attendance", "meeting", "post", LEADS_WRITE, 302),
    ("attendance", "meeting", "get", SIGNED_IN, 405),
    ("action_items_mine", "", "get", SIGNED_IN, 200),
    ("action_items_mine", "", "post", SIGNED_IN, 405),
    ("action_item_new", "group", "get", LEADS_WRITE | {"member": 200, "other_member": 200}, 200),
    ("action_item_new", "group", "post", LEADS_WRITE | {"member": 400, "other_member": 400}, 400),
    ("action_item_edit", "item", "get", ITEM, 200),
    ("action_item_done", "item", "post", ITEM, 302),
    ("action_item_done", "item", "get", SIGNED_IN, 405),
    ("action_item_reopen", "item", "post", ITEM, 302),
    ("documents", "group", "get", {}, 200),
    ("documents", "group", "post", {}, 405),
    ("document_new", "group", "get", LEADS_WRITE | {"member": 200, "other_member": 200}, 200),
    ("document_file", "members_doc", "get", {"anonymous": LOGIN, "outsider": 404}, 200),
    ("document_file", "public_doc", "get", {}, 200),
    ("document_file", "public_doc", "post", {}, 405),
    ("document_remove", "members_doc", "post", OWN_DOC, 302),
    ("document_remove", "public_doc", "get", SIGNED_IN, 405),
    ("api:action-item-list", "", "get", {"anonymous": 401}, 200),
    ("api:action-item-detail", "item", "get", {"anonymous": 401, "member": 200}, 404),
    ("api:action-item-done", "item", "post", {"anonymous": 401, "member": 200}, 404),
    ("api:action-item-detail", "item", "delete", {"anonymous": 401}, 405),
    ("api:minutes-list", "", "get", {"anonymous": 401}, 200),
    ("api:minutes-detail", "minutes", "get", {"anonymous": 401, "outsider": 404}, 200),
    (
        "api:minutes-detail",
        "minutes",
        "put",
        {"anonymous": 401, "outsider": 404, "lead": 200, "staff": 200},
        403,
    ),
    ("api:minutes-detail", "minutes", "delete", {"anonymous": 401}, 405),
]


def _build() -> dict:
    """The record_world's group, with published minutes, an item and two documents."""
    world = make_world()
    minutes_save(actor=world.lead, meeting=world.meeting, text="One", base_revision=0)
    minutes_save(actor=world.lead, meeting=world.meeting, text="Two", base_revision=1)
    minutes = minutes_publish(actor=world.lead, meeting=world.meeting)
    item = action_item_create(
        actor=world.lead,
        group=world.group,
        owner=world.member,
        text="Task",
        due=timezone.now().date() + timedelta(days=3),
    )
    documents = {
        visibility: document_add(
            actor=world.member,
            group=world.group,
            title=f"{visibility} paper",
            visibility=visibility,
            upload=SimpleUploadedFile("paper.md", b"# Paper\n"),
        )
        for visibility in ("members", "public")
    }
    return {
        "world": world,
        "objects": {
            "meeting": world.meeting.pk,
            "item": item.pk,
            "minutes": minutes.pk,
            "members_doc": documents["members"].pk,
            "public_doc": documents["public"].pk,
        },
        "people": {
            "anonymous": None,
            "outsider": world.outsider,
            "member": world.member,
            "other_member": world.other_member,
            "lead": world.lead,
            "staff_without_2fa": UserFactory(is_staff=True),
            "staff": give_totp(UserFactory(is_staff=True)),
        },
    }


def _url(name: str, takes: str, built: dict) -> str:
    if name.startswith("api:"):
        return reverse(name, args=[built["objects"][takes]]) if takes else reverse(name)
    slug = built["world"].group.slug
    if not takes:
        return reverse(f"workinggroups:{name}")
    if takes == "group":
        return reverse(f"workinggroups:{name}", args=[slug])
    return reverse(f"workinggroups:{name}", args=[slug, built["objects"][takes]])


def _body(name: str) -> dict:
    if name == "minutes_edit":
        return {"text": "Three", "base_revision": 2}
    if name == "api:minutes-detail":
        return {"text": "Three", "base_revision": 2}
    return {}


def _outcome(response) -> int | str:
    if response.status_code == 302 and response["Location"].startswith(reverse("account_login")):
        return LOGIN
    return response.status_code


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


class _Rollback(Exception):
    """Undoes what one role's request changed."""


@pytest.mark.parametrize(
    ("name", "takes", "method", "overrides", "default"),
    [pytest.param(*row, id=f"{row[2]}-{row[0]}-{row[1]}") for row in TABLE],
)
def test_permission_table(client, db, media, name, takes, method, overrides, default):
    """Each route and method, every role: the whole row at once, so a failure shows it all."""
    built = _build()
    url = _url(name, takes, built)
    data = _body(name)
    if method in {"put", "patch"}:
        data = json.dumps(data)
    kwargs = {"content_type": "application/json"} if method in {"put", "patch"} else {}
    expected = {role: overrides.get(role, default) for role in ROLES}
    actual = {}
    for role in ROLES:
        client.logout()
        if built["people"][role] is not None:
            client.force_login(built["people"][role])
        try:
            with transaction.atomic():
                actual[role] = _outcome(getattr(client, method)(url, data, **kwargs))
                raise _Rollback
        except _Rollback:
            pass

    assert actual == expected
