"""/api/v1/action-items/ (mine; done) and /api/v1/minutes/ (members read; leads write,
409 on a stale revision), in the portal's one error shape."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tests.factories import UserFactory, WorkingGroupFactory
from tests.workinggroups.record_world import *  # noqa: F403 - the fixtures
from workinggroups.models import ActionItem, Meeting, Minutes
from workinggroups.services.actions import action_item_create
from workinggroups.services.minutes import minutes_publish, minutes_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def _as(api, user):
    api.force_authenticate(user)
    return api


def _item(world, owner, text="Task"):
    return action_item_create(
        actor=world.lead,
        group=world.group,
        owner=owner,
        text=text,
        due=timezone.now().date() + timedelta(days=5),
    )


# --- Action items


def test_the_list_holds_only_the_callers_items(api, world):
    _item(world, world.member, "Mine")
    _item(world, world.other_member, "Theirs")

    data = _as(api, world.member).get("/api/v1/action-items/").json()

    assert [row["text"] for row in data["results"]] == ["Mine"]
    assert data["results"][0]["group"] == "evaluation"


def test_filters_by_status_and_group(api, world):
    first = _item(world, world.member, "First")
    _item(world, world.member, "Second")
    _as(api, world.member).post(f"/api/v1/action-items/{first.pk}/done/")

    done = api.get("/api/v1/action-items/?status=done").json()["results"]
    elsewhere = api.get("/api/v1/action-items/?group=other").json()["results"]

    assert [row["text"] for row in done] == ["First"]
    assert elsewhere == []


def test_post_done_and_patch_status_mark_and_reopen(api, world):
    item = _item(world, world.member)
    _as(api, world.member)

    done = api.post(f"/api/v1/action-items/{item.pk}/done/")
    reopened = api.patch(f"/api/v1/action-items/{item.pk}/", {"status": "open"}, format="json")
    patched = api.patch(f"/api/v1/action-items/{item.pk}/", {"status": "done"}, format="json")

    assert done.json()["status"] == "done"
    assert reopened.json()["status"] == "open"
    assert patched.status_code == 200
    assert ActionItem.objects.get().status == ActionItem.Status.DONE


def test_someone_elses_item_is_404_and_a_bad_status_400_in_the_error_shape(api, world):
    item = _item(world, world.member)

    stranger = _as(api, world.other_member).post(f"/api/v1/action-items/{item.pk}/done/")
    bad = _as(api, world.member).patch(
        f"/api/v1/action-items/{item.pk}/", {"status": "maybe"}, format="json"
    )

    assert stranger.status_code == 404
    assert bad.status_code == 400
    assert set(bad.json()) == {"message", "errors"}
    assert "status" in bad.json()["errors"]


def test_visitors_are_refused(api):
    assert api.get("/api/v1/action-items/").status_code == 401
    assert api.get("/api/v1/minutes/").status_code == 401


def test_the_action_items_list_asks_the_same_queries_for_5_and_500(
    api, world, django_assert_max_num_queries
):
    def fill(count):
        ActionItem.objects.bulk_create(
            ActionItem(
                group=world.group,
                owner=world.member,
                created_by=world.lead,
                text=f"Task {n}",
                due=timezone.now().date(),
                meeting=world.meeting,
            )
            for n in range(count)
        )

    _as(api, world.member)
    fill(5)
    with django_assert_max_num_queries(10) as few:
        assert len(api.get("/api/v1/action-items/?page_size=100").json()["results"]) == 5
    fill(495)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api.get("/api/v1/action-items/?page_size=100").json()["results"]) == 100


# --- Minutes


def _published(world, text="**Agreed**"):
    minutes_save(actor=world.lead, meeting=world.meeting, text=text, base_revision=0)
    return minutes_publish(actor=world.lead, meeting=world.meeting)


def test_members_read_published_minutes_with_text_html_status_and_revision(api, world):
    minutes = _published(world)

    data = _as(api, world.member).get(f"/api/v1/minutes/?meeting={world.meeting.pk}").json()

    row = data["results"][0]
    assert row["id"] == minutes.pk
    assert row["text"] == "**Agreed**"
    assert row["html"] == "<p><strong>Agreed</strong></p>\n"
    assert (row["status"], row["revision"], row["group"]) == ("published", 1, "evaluation")


def test_non_members_read_no_minutes(api, world):
    minutes = _published(world)

    _as(api, world.outsider)

    assert api.get("/api/v1/minutes/").json()["results"] == []
    assert api.get(f"/api/v1/minutes/{minutes.pk}/").status_code == 404


def test_drafts_are_for_the_leads_only(api, world):
    minutes_save(actor=world.lead, meeting=world.meeting, text="Draft", base_revision=0)

    member = _as(api, world.member).get("/api/v1/minutes/").json()["results"]
    lead = _as(api, world.lead).get("/api/v1/minutes/").json()["results"]

    assert member == []
    assert [row["status"] for row in lead] == ["draft"]


def test_a_put_from_the_newest_revision_saves(api, world):
    minutes = _published(world)

    response = _as(api, world.lead).put(
        f"/api/v1/minutes/{minutes.pk}/", {"text": "Corrected", "base_revision": 1}, format="json"
    )

    assert response.status_code == 200
    assert (response.json()["revision"], response.json()["text"]) == (2, "Corrected")


def test_a_put_from_a_stale_revision_is_409_in_the_error_shape(api, world):
    minutes = _published(world)
    minutes_save(actor=world.lead, meeting=world.meeting, text="Newer", base_revision=1)

    response = _as(api, world.lead).put(
        f"/api/v1/minutes/{minutes.pk}/", {"text": "Mine", "base_revision": 1}, format="json"
    )

    assert response.status_code == 409
    assert set(response.json()) == {"message", "errors"}
    assert "revision 2" in response.json()["message"]
    assert "base_revision" in response.json()["errors"]
    assert Minutes.objects.get().text == "Newer"


def test_a_member_cannot_write_minutes_through_the_api(api, world):
    minutes = _published(world)

    response = _as(api, world.member).put(
        f"/api/v1/minutes/{minutes.pk}/", {"text": "Mine", "base_revision": 1}, format="json"
    )

    assert response.status_code == 403
    assert set(response.json()) == {"message", "errors"}


def test_a_lead_writes_the_first_minutes_with_post(api, world):
    response = _as(api, world.lead).post(
        "/api/v1/minutes/",
        {"meeting": world.meeting.pk, "text": "First", "base_revision": 0},
        format="json",
    )
    missing = api.post("/api/v1/minutes/", {"meeting": world.meeting.pk}, format="json")

    assert response.status_code == 200
    assert response.json()["revision"] == 1
    assert missing.status_code == 400
    assert "text" in missing.json()["errors"]


def test_writing_minutes_of_a_meeting_not_yet_held_is_400(api, world):
    response = _as(api, world.lead).post(
        "/api/v1/minutes/",
        {"meeting": world.upcoming.pk, "text": "Early", "base_revision": 0},
        format="json",
    )

    assert response.status_code == 400
    assert "not started" in response.json()["message"]


def test_the_minutes_list_asks_the_same_queries_for_5_and_500(
    api, world, django_assert_max_num_queries
):
    def fill(count):
        start = timezone.now() - timedelta(days=3)
        meetings = Meeting.objects.bulk_create(
            Meeting(
                group=world.group,
                title=f"Meeting {n}",
                start=start - timedelta(days=n),
                time_zone="UTC",
                created_by=world.lead,
            )
            for n in range(count)
        )
        Minutes.objects.bulk_create(
            Minutes(meeting=m, text="x", revision=1, status=Minutes.Status.PUBLISHED)
            for m in meetings
        )

    _as(api, world.member)
    fill(5)
    with django_assert_max_num_queries(10) as few:
        assert len(api.get("/api/v1/minutes/?page_size=100").json()["results"]) == 5
    fill(495)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api.get("/api/v1/minutes/?page_size=100").json()["results"]) == 100


def test_staff_read_every_groups_published_minutes(api, world):
    _published(world)
    WorkingGroupFactory()

    rows = _as(api, UserFactory(is_staff=True)).get("/api/v1/minutes/").json()["results"]

    assert len(rows) == 1
