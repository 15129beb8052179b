"""Every page and endpoint under /groups/ and the record's API, fetched with GET by each
role (tests/portal/sweep.py): none answers 500, and nothing members-only reaches someone
outside the group, nor a draft someone who is not a lead."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.factories import UserFactory
from tests.portal.sweep import Objects, urls
from tests.steering.factories import give_totp
from tests.workinggroups.record_world import *  # noqa: F403 - the fixtures
from tests.workinggroups.record_world import held_meeting
from workinggroups.services.actions import action_item_create
from workinggroups.services.documents import document_add
from workinggroups.services.minutes import minutes_publish, minutes_save

pytestmark = pytest.mark.django_db

MEMBERS_ONLY = ["MINUTES-SECRET", "ACTION-SECRET", "MEMBERS-DOC-SECRET", "tpc-secret-room"]
LEADS_ONLY = ["DRAFT-SECRET"]


@pytest.fixture
def swept(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    minutes_save(actor=world.lead, meeting=world.meeting, text="MINUTES-SECRET", base_revision=0)
    minutes = minutes_publish(actor=world.lead, meeting=world.meeting)
    drafted = held_meeting(world.group, days_ago=2)
    draft = minutes_save(actor=world.lead, meeting=drafted, text="DRAFT-SECRET", base_revision=0)
    item = action_item_create(
        actor=world.lead,
        group=world.group,
        owner=world.member,
        text="ACTION-SECRET",
        due=timezone.now().date() + timedelta(days=2),
        meeting=world.meeting,
    )
    documents = [
        document_add(
            actor=world.member,
            group=world.group,
            title=title,
            visibility=visibility,
            upload=SimpleUploadedFile("a.md", title.encode()),
        )
        for title, visibility in [("MEMBERS-DOC-SECRET", "members"), ("Public paper", "public")]
    ]
    objects = Objects(
        ids={
            "meeting": [world.meeting.pk, drafted.pk, world.upcoming.pk],
            "action_item": [item.pk],
            "document": [d.pk for d in documents],
            "minutes": [minutes.pk, draft.pk],
        },
        slugs={"group": [world.group.slug]},
    )
    people = {
        "visitor": None,
        "outsider": world.outsider,
        "member": world.member,
        "lead": world.lead,
        "staff": give_totp(UserFactory(is_staff=True)),
    }
    return objects, people


def _record_urls(objects):
    return [
        (name, url)
        for name, url in urls(objects)
        if url.startswith(("/groups/", "/api/v1/action-items/", "/api/v1/minutes/"))
    ]


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def test_no_record_page_answers_500_or_shows_what_the_reader_may_not_read(client, swept):
    objects, people = swept
    client.raise_request_exception = False
    found = _record_urls(objects)
    assert any("/record/" in url for _, url in found)  # the sweep reaches the pages
    failures = []
    for role, person in people.items():
        client.logout()
        if person is not None:
            client.force_login(person)
        hidden = MEMBERS_ONLY + LEADS_ONLY if role in {"visitor", "outsider"} else []
        if role == "member":
            hidden = LEADS_ONLY
        for name, url in found:
            response = client.get(url)
            if response.status_code >= 500:
                failures.append(f"{role}: GET {url} ({name}) answered {response.status_code}")
                continue
            body = _body(response)
            failures.extend(
                f"{role}: GET {url} ({name}) shows {secret}" for secret in hidden if secret in body
            )
    assert failures == []
