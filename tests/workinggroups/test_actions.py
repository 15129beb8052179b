"""Action items: who gives them to whom, done and reopened, changed; my items across my
groups; the open items on the next meeting's page."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from tests.factories import MeetingFactory, WorkingGroupFactory
from tests.workinggroups.record_world import *  # noqa: F403 - the fixtures
from tpc_portal.audit import audit_of
from tpc_portal.errors import ApplicationError
from workinggroups.models import ActionItem, WorkingGroup
from workinggroups.services.actions import (
    action_item_create,
    action_item_done,
    action_item_reopen,
    action_item_update,
)

pytestmark = pytest.mark.django_db


def _soon(days=7) -> date:
    return timezone.now().date() + timedelta(days=days)


def _item(world, owner=None, actor=None, **fields):
    return action_item_create(
        actor=actor or world.lead,
        group=world.group,
        owner=owner or world.member,
        text=fields.pop("text", "Write the evaluation plan"),
        due=fields.pop("due", _soon()),
        **fields,
    )


def _assigned(user):
    return Notification.objects.filter(recipient=user, kind="workinggroups.action_item_assigned")


def test_a_lead_gives_a_member_an_item_and_the_owner_is_told(world):
    item = _item(world, meeting=world.meeting)

    assert item.owner == world.member
    assert item.meeting == world.meeting
    assert item.status == ActionItem.Status.OPEN
    assert _assigned(world.member).count() == 1
    assert _assigned(world.member).get().link == reverse("workinggroups:action_items_mine")
    assert list(audit_of(world.group).values_list("verb", flat=True)) == ["action.created"]


def test_a_member_records_an_item_for_themselves_without_a_notice(world):
    item = _item(world, owner=world.member, actor=world.member)

    assert item.created_by == world.member
    assert not _assigned(world.member).exists()


def test_a_member_cannot_give_an_item_to_someone_else(world):
    with pytest.raises(PermissionDenied):
        _item(world, owner=world.other_member, actor=world.member)


def test_an_outsider_cannot_own_or_give_items(world):
    with pytest.raises(ApplicationError, match="member of the group") as refused:
        _item(world, owner=world.outsider)
    assert "owner" in refused.value.errors
    with pytest.raises(PermissionDenied):
        _item(world, owner=world.outsider, actor=world.outsider)


def test_a_due_day_in_the_past_is_refused(world):
    with pytest.raises(ApplicationError, match="passed") as refused:
        _item(world, due=_soon(-2))
    assert "due" in refused.value.errors


def test_the_source_meeting_must_be_the_groups(world):
    elsewhere = MeetingFactory()
    with pytest.raises(ApplicationError, match="not one of this group's"):
        _item(world, meeting=elsewhere)


def test_a_closed_group_takes_no_new_items(world):
    WorkingGroup.objects.filter(pk=world.group.pk).update(status=WorkingGroup.Status.CLOSED)
    world.group.refresh_from_db()

    with pytest.raises(ApplicationError, match="active group"):
        _item(world)


def test_the_owner_marks_done_and_reopens_idempotently(world):
    item = _item(world)

    done = action_item_done(actor=world.member, item=item)
    again = action_item_done(actor=world.member, item=item)
    reopened = action_item_reopen(actor=world.member, item=item)

    assert done.status == ActionItem.Status.DONE
    assert again.done == done.done
    assert reopened.status == ActionItem.Status.OPEN
    assert reopened.done is None
    assert list(audit_of(world.group).values_list("verb", flat=True)) == [
        "action.created",
        "action.done",
        "action.reopened",
    ]


def test_another_member_cannot_mark_someone_elses_item_done(world):
    item = _item(world)

    with pytest.raises(PermissionDenied):
        action_item_done(actor=world.other_member, item=item)
    assert action_item_done(actor=world.lead, item=item).status == ActionItem.Status.DONE


def test_a_lead_reassigns_and_the_new_owner_is_told(world):
    item = _item(world)

    action_item_update(actor=world.lead, item=item, owner=world.other_member)

    item.refresh_from_db()
    assert item.owner == world.other_member
    assert _assigned(world.other_member).count() == 1


def test_the_owner_changes_text_and_due_but_cannot_hand_the_item_on(world):
    item = _item(world)

    action_item_update(actor=world.member, item=item, text="Shorter", due=_soon(10))
    with pytest.raises(PermissionDenied):
        action_item_update(actor=world.member, item=item, owner=world.other_member)

    item.refresh_from_db()
    assert (item.text, item.due, item.owner) == ("Shorter", _soon(10), world.member)


def test_an_update_that_changes_nothing_records_nothing(world):
    item = _item(world)

    action_item_update(actor=world.lead, item=item, text=item.text, due=item.due)

    assert audit_of(world.group).count() == 1


# --- Pages


def test_my_action_items_lists_mine_across_groups_open_first(client, world):
    other_group = WorkingGroupFactory(name="Data curation", members=[world.member])
    _item(world, text="Evaluation task", due=_soon(3))
    done = _item(world, text="Finished task", due=_soon(1))
    action_item_done(actor=world.member, item=done)
    action_item_create(
        actor=other_group.proposer,
        group=other_group,
        owner=world.member,
        text="Curation task",
        due=_soon(5),
    )
    _item(world, owner=world.other_member, text="Not mine")
    client.force_login(world.member)

    page = client.get(reverse("workinggroups:action_items_mine")).content.decode()
    open_only = client.get(reverse("workinggroups:action_items_mine") + "?status=open")

    assert page.index("Evaluation task") < page.index("Curation task") < page.index("Finished")
    assert "Data curation" in page
    assert "Not mine" not in page
    assert "Finished task" not in open_only.content.decode()


def test_my_action_items_asks_the_same_number_of_queries_for_5_and_500(
    client, world, django_assert_max_num_queries
):
    def fill(count):
        ActionItem.objects.bulk_create(
            ActionItem(
                group=world.group,
                owner=world.member,
                created_by=world.lead,
                text=f"Task {n}",
                due=_soon(n % 30),
                meeting=world.meeting,
            )
            for n in range(count)
        )

    client.force_login(world.member)
    url = reverse("workinggroups:action_items_mine")
    fill(5)
    with django_assert_max_num_queries(12) as few:
        assert client.get(url).status_code == 200
    fill(495)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_next_meetings_page_lists_the_groups_open_items(client, world):
    _item(world, text="Open from the kick-off", meeting=world.meeting)
    done = _item(world, text="Done already")
    action_item_done(actor=world.lead, item=done)
    client.force_login(world.member)

    upcoming = client.get(
        reverse("workinggroups:minutes", args=[world.group.slug, world.upcoming.pk])
    ).content.decode()
    past = client.get(
        reverse("workinggroups:minutes", args=[world.group.slug, world.meeting.pk])
    ).content.decode()

    assert "Open action items of the group" in upcoming
    assert "Open from the kick-off" in upcoming
    assert "Done already" not in upcoming
    assert "Action items from this meeting" in past
    assert "Open from the kick-off" in past
    assert "Done already" not in past  # it came from no meeting


def test_the_new_item_form_comes_back_to_the_meeting(client, world):
    client.force_login(world.lead)
    url = reverse("workinggroups:action_item_new", args=[world.group.slug])

    response = client.post(
        url + f"?meeting={world.meeting.pk}",
        {
            "text": "Send the slides",
            "owner": world.other_member.pk,
            "due": _soon().isoformat(),
            "meeting": world.meeting.pk,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "workinggroups:minutes", args=[world.group.slug, world.meeting.pk]
    )
    assert ActionItem.objects.get().owner == world.other_member


def test_the_new_item_form_offers_a_member_only_themselves(client, world):
    client.force_login(world.member)
    url = reverse("workinggroups:action_item_new", args=[world.group.slug])

    refused = client.post(
        url, {"text": "x", "owner": world.other_member.pk, "due": _soon().isoformat()}
    )

    assert refused.status_code == 400
    assert not ActionItem.objects.exists()


def test_a_past_due_day_on_the_form_is_shown_beside_the_field(client, world):
    client.force_login(world.lead)
    url = reverse("workinggroups:action_item_new", args=[world.group.slug])

    refused = client.post(
        url, {"text": "x", "owner": world.member.pk, "due": _soon(-3).isoformat()}
    )

    assert refused.status_code == 400
    assert "Choose today or a later day." in refused.content.decode()


def test_done_and_reopen_buttons_return_to_the_page_they_were_on(client, world):
    item = _item(world)
    client.force_login(world.member)
    back = reverse("workinggroups:minutes", args=[world.group.slug, world.upcoming.pk])

    done = client.post(
        reverse("workinggroups:action_item_done", args=[world.group.slug, item.pk]),
        {"next": back},
    )
    elsewhere = client.post(
        reverse("workinggroups:action_item_reopen", args=[world.group.slug, item.pk]),
        {"next": "https://evil.example/"},
    )

    assert done["Location"] == back
    assert elsewhere["Location"] == reverse("workinggroups:action_items_mine")
    item.refresh_from_db()
    assert item.status == ActionItem.Status.OPEN


def test_the_edit_page_changes_the_due_day(client, world):
    item = _item(world)
    client.force_login(world.member)
    url = reverse("workinggroups:action_item_edit", args=[world.group.slug, item.pk])

    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "New words", "due": _soon(20).isoformat()})

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.due == _soon(20)
