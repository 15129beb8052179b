"""Minutes: revisions, the stale save refused (409 on the page, the writer's text kept),
draft -> published -> approved, approved minutes locked, who reads which."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from tests.factories import UserFactory
from tests.steering.factories import give_totp
from tests.workinggroups.record_world import *  # noqa: F403 - the fixtures
from tpc_portal.audit import audit_of
from tpc_portal.errors import ApplicationError
from workinggroups.models import Meeting, Minutes
from workinggroups.services.minutes import (
    MinutesLocked,
    StaleRevision,
    minutes_approve,
    minutes_publish,
    minutes_save,
)

pytestmark = pytest.mark.django_db


def _url(name, world, meeting=None):
    return reverse(f"workinggroups:{name}", args=[world.group.slug, (meeting or world.meeting).pk])


def test_each_save_of_changed_text_adds_a_revision_and_keeps_every_one(world):
    minutes_save(actor=world.lead, meeting=world.meeting, text="First", base_revision=0)
    minutes = minutes_save(actor=world.lead, meeting=world.meeting, text="Second", base_revision=1)

    assert minutes.revision == 2
    assert minutes.text == "Second"
    assert list(minutes.revisions.values_list("number", "text", "author")) == [
        (1, "First", world.lead.pk),
        (2, "Second", world.lead.pk),
    ]
    assert [entry.verb for entry in audit_of(world.meeting)] == ["minutes.saved"] * 2


def test_saving_unchanged_text_adds_no_revision(world):
    minutes_save(actor=world.lead, meeting=world.meeting, text="Same\n", base_revision=0)

    minutes = minutes_save(
        actor=world.lead, meeting=world.meeting, text="Same\r\n", base_revision=1
    )

    assert minutes.revision == 1
    assert minutes.revisions.count() == 1
    assert audit_of(world.meeting).count() == 1


def test_a_save_from_a_stale_revision_is_refused_with_the_newest_text(world):
    minutes_save(actor=world.lead, meeting=world.meeting, text="One", base_revision=0)
    minutes_save(actor=world.lead, meeting=world.meeting, text="Two", base_revision=1)

    with pytest.raises(StaleRevision) as refused:
        minutes_save(actor=world.lead, meeting=world.meeting, text="Mine", base_revision=1)

    assert refused.value.revision == 2
    assert refused.value.text == "Two"
    assert "revision 2" in refused.value.message
    assert Minutes.objects.get(meeting=world.meeting).text == "Two"


def test_a_nul_character_is_dropped_not_stored(world):
    minutes = minutes_save(actor=world.lead, meeting=world.meeting, text="a\x00b", base_revision=0)

    assert minutes.text == "ab"


def test_approved_minutes_are_locked(world):
    minutes_save(actor=world.lead, meeting=world.meeting, text="Final", base_revision=0)
    minutes_publish(actor=world.lead, meeting=world.meeting)
    minutes_approve(actor=world.lead, meeting=world.meeting)

    with pytest.raises(MinutesLocked):
        minutes_save(actor=world.lead, meeting=world.meeting, text="Changed", base_revision=1)
    assert Minutes.objects.get(meeting=world.meeting).text == "Final"


def test_approval_records_who_and_when(world):
    minutes_save(actor=world.lead, meeting=world.meeting, text="Final", base_revision=0)
    minutes_publish(actor=world.lead, meeting=world.meeting)

    minutes = minutes_approve(actor=world.lead, meeting=world.meeting)

    assert minutes.status == Minutes.Status.APPROVED
    assert minutes.approved_by == world.lead
    assert minutes.approved is not None
    assert [e.verb for e in audit_of(world.meeting)][-1] == "minutes.approved"


def test_draft_minutes_cannot_be_approved_and_empty_ones_not_published(world):
    with pytest.raises(ApplicationError, match="Write the minutes"):
        minutes_publish(actor=world.lead, meeting=world.meeting)
    minutes_save(actor=world.lead, meeting=world.meeting, text="Draft", base_revision=0)
    with pytest.raises(ApplicationError, match="cannot become approved"):
        minutes_approve(actor=world.lead, meeting=world.meeting)


def test_publishing_tells_the_members_but_not_the_writer_or_outsiders(world):
    minutes_save(actor=world.lead, meeting=world.meeting, text="Notes", base_revision=0)

    minutes_publish(actor=world.lead, meeting=world.meeting)

    told = set(
        Notification.objects.filter(kind="workinggroups.minutes_published").values_list(
            "recipient", flat=True
        )
    )
    assert told == {world.member.pk, world.other_member.pk}
    notice = Notification.objects.filter(recipient=world.member).get()
    assert notice.link == _url("minutes", world)
    assert "Kick-off" in notice.title


def test_only_leads_write_minutes(world):
    for person in (world.member, world.outsider):
        with pytest.raises(PermissionDenied):
            minutes_save(actor=person, meeting=world.meeting, text="x", base_revision=0)
        with pytest.raises(PermissionDenied):
            minutes_publish(actor=person, meeting=world.meeting)


def test_minutes_wait_until_the_meeting_has_started_and_never_for_a_cancelled_one(world):
    with pytest.raises(ApplicationError, match="not started"):
        minutes_save(actor=world.lead, meeting=world.upcoming, text="x", base_revision=0)
    world.meeting.status = Meeting.Status.CANCELLED
    world.meeting.save()
    with pytest.raises(ApplicationError, match="cancelled"):
        minutes_save(actor=world.lead, meeting=world.meeting, text="x", base_revision=0)


# --- Pages


def test_the_edit_page_saves_and_returns_to_the_record(client, world):
    client.force_login(world.lead)

    response = client.post(_url("minutes_edit", world), {"text": "We met.", "base_revision": 0})

    assert response.status_code == 302
    assert response["Location"] == _url("minutes", world)
    assert Minutes.objects.get(meeting=world.meeting).text == "We met."


def test_a_stale_save_on_the_page_answers_409_keeps_the_typed_text_and_shows_the_diff(
    client, world
):
    minutes_save(actor=world.lead, meeting=world.meeting, text="Line A\nLine B", base_revision=0)
    minutes_save(
        actor=world.lead, meeting=world.meeting, text="Line A\nLine B\nTheirs", base_revision=1
    )
    client.force_login(world.lead)

    response = client.post(
        _url("minutes_edit", world), {"text": "Line A\nLine B\n<b>Mine</b>", "base_revision": 1}
    )

    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved these minutes (revision 2)" in page
    assert "Line A\nLine B\n&lt;b&gt;Mine&lt;/b&gt;</textarea>" in page  # kept, escaped
    assert '<del><span class="visually-hidden">removed: </span>Theirs</del>' in page
    assert "<ins><span" in page
    assert "&lt;b&gt;Mine&lt;/b&gt;</ins>" in page
    assert 'name="base_revision" value="2"' in page  # saving again is a choice made here
    assert Minutes.objects.get(meeting=world.meeting).text.endswith("Theirs")


def test_history_lists_every_revision_and_the_diff_marks_changes_escaped(client, world):
    minutes_save(actor=world.lead, meeting=world.meeting, text="Keep\nOld", base_revision=0)
    minutes_save(
        actor=world.lead, meeting=world.meeting, text="Keep\n<script>x</script>", base_revision=1
    )
    client.force_login(world.lead)

    history = client.get(_url("minutes_history", world)).content.decode()
    diff = client.get(_url("minutes_diff", world) + "?from=1&to=2").content.decode()

    assert "What revision 1 changed" in history
    assert "What revision 2 changed" in history
    assert '<del><span class="visually-hidden">removed: </span>Old</del>' in diff
    assert "&lt;script&gt;x&lt;/script&gt;</ins>" in diff
    assert "<script>x" not in diff


def test_a_diff_of_revisions_that_do_not_exist_is_404(client, world):
    minutes_save(actor=world.lead, meeting=world.meeting, text="One", base_revision=0)
    client.force_login(world.lead)

    assert client.get(_url("minutes_diff", world) + "?from=1&to=9").status_code == 404
    assert client.get(_url("minutes_diff", world) + "?from=x&to=1").status_code == 200


def test_a_draft_is_read_by_the_leads_not_by_the_members(client, world):
    minutes_save(actor=world.lead, meeting=world.meeting, text="Secret draft", base_revision=0)

    client.force_login(world.member)
    member_page = client.get(_url("minutes", world)).content.decode()
    client.force_login(world.lead)
    lead_page = client.get(_url("minutes", world)).content.decode()

    assert "Secret draft" not in member_page
    assert "The leads are writing the minutes" in member_page
    assert "Secret draft" in lead_page
    client.force_login(world.member)
    assert client.get(_url("minutes_history", world)).status_code == 404


def test_published_minutes_are_read_by_members_only(client, world):
    minutes_save(actor=world.lead, meeting=world.meeting, text="**Decided**", base_revision=0)
    minutes_publish(actor=world.lead, meeting=world.meeting)

    client.force_login(world.member)
    page = client.get(_url("minutes", world)).content.decode()
    client.force_login(world.outsider)
    outsider = client.get(_url("minutes", world))

    assert "<strong>Decided</strong>" in page
    assert outsider.status_code == 403
    assert "Decided" not in outsider.content.decode()


def test_publish_and_approve_buttons_move_the_minutes(client, world):
    minutes_save(actor=world.lead, meeting=world.meeting, text="Notes", base_revision=0)
    client.force_login(world.lead)

    assert client.post(_url("minutes_publish", world)).status_code == 302
    assert client.post(_url("minutes_approve", world)).status_code == 302
    refused = client.post(_url("minutes_approve", world))

    assert Minutes.objects.get(meeting=world.meeting).status == Minutes.Status.APPROVED
    assert refused.status_code == 400
    assert "cannot become approved" in refused.content.decode()


def test_staff_with_a_second_factor_may_write_minutes(world):
    staff = give_totp(UserFactory(is_staff=True))

    minutes = minutes_save(actor=staff, meeting=world.meeting, text="By staff", base_revision=0)

    assert minutes.revision == 1


def test_the_record_page_shows_both_zones_of_the_start(client, world):
    world.meeting.time_zone = "America/Chicago"
    world.meeting.start = timezone.now() - timedelta(days=2)
    world.meeting.save()
    client.force_login(world.member)

    page = client.get(_url("minutes", world)).content.decode()

    assert "your time" in page  # the reader reads UTC, the organiser Chicago's


def _someone_waits_for_a_lock() -> bool:
    from django.db import connections

    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND datname = current_database()"
        )
        return cursor.fetchone()[0] > 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_saves_from_the_same_revision_cannot_both_pass(world):
    """The second save waits for the first's lock on the minutes, then reads the revision
    it wrote and is refused: without the lock both would pass the check."""
    import threading
    import time

    from django.db import connection, transaction

    minutes_save(actor=world.lead, meeting=world.meeting, text="Base", base_revision=0)
    outcome = {}

    def second_writer():
        try:
            minutes_save(actor=world.lead, meeting=world.meeting, text="B", base_revision=1)
            outcome["second"] = "saved"
        except StaleRevision:
            outcome["second"] = "stale"
        finally:
            connection.close()

    with transaction.atomic():
        Minutes.objects.select_for_update().get(meeting=world.meeting)
        thread = threading.Thread(target=second_writer)
        thread.start()
        deadline = time.monotonic() + 10
        while not _someone_waits_for_a_lock() and time.monotonic() < deadline:
            time.sleep(0.01)
        minutes_save(actor=world.lead, meeting=world.meeting, text="A", base_revision=1)
    thread.join(timeout=10)

    assert outcome == {"second": "stale"}
    assert Minutes.objects.get(meeting=world.meeting).text == "A"
