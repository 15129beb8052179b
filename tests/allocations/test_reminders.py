"""The daily beat on allocations, with a frozen clock: end reminders (a missed run, a double
run, allocations ending together), expiry, the forecast notice and silent sites."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from notifications.models import Notification
from projects import tasks
from projects.models import Allocation, TeamMember, UsageRecord
from projects.services.allocation_reminders import (
    allocation_end_reminders_send,
    allocation_forecasts_send,
    allocation_silence_flag,
    allocations_expire,
)
from tests.allocations.usage_world import secure_staff
from tests.factories import AllocationFactory, ProfileFactory, ProjectFactory, ResourceFactory
from tpc_portal.audit import AuditEntry

pytestmark = pytest.mark.django_db

END = date(2027, 6, 30)
ENDING, FORECAST, SILENT = (
    "projects.allocation_ending",
    "projects.allocation_forecast",
    "projects.site_silent",
)


def _on(time_machine, day: date, hour: int = 6):
    moment = datetime(day.year, day.month, day.day, hour, 45, tzinfo=UTC)
    time_machine.move_to(moment, tick=False)
    return moment


def _notices(kind, person=None):
    notices = Notification.objects.filter(kind=kind)
    return notices.filter(recipient=person) if person else notices


# --- End reminders ---------------------------------------------------------------------------


def test_thirty_days_before_the_end_the_leads_are_reminded_once(time_machine):
    allocation = AllocationFactory(end=END)
    pi = allocation.project.created_by

    _on(time_machine, END - timedelta(days=31))
    assert allocation_end_reminders_send() == 0

    _on(time_machine, END - timedelta(days=30))
    assert allocation_end_reminders_send() == 1
    assert allocation_end_reminders_send() == 0  # the double run
    tasks.send_allocation_end_reminders.apply()  # and through the beat's task

    notice = _notices(ENDING, pi).get()
    assert (
        notice.title
        == f"Machine time ending: {allocation.project.title} on {allocation.resource.site.name}"
    )
    assert "ends on 30 Jun 2027, 1,000 GPU-hours left" in notice.body
    allocation.refresh_from_db()
    assert allocation.reminded_30 == END
    assert allocation.reminded_7 is None


def test_a_missed_run_still_sends_the_reminder_and_seven_days_follow(time_machine):
    allocation = AllocationFactory(end=END)
    pi = allocation.project.created_by

    _on(time_machine, END - timedelta(days=21))  # the beat was down on day 30
    assert allocation_end_reminders_send() == 1
    _on(time_machine, END - timedelta(days=8))
    assert allocation_end_reminders_send() == 0
    _on(time_machine, END - timedelta(days=7))
    assert allocation_end_reminders_send() == 1
    _on(time_machine, END)
    assert allocation_end_reminders_send() == 0

    assert _notices(ENDING, pi).count() == 2


def test_a_run_that_missed_both_days_sends_only_the_seven_day_reminder(time_machine):
    allocation = AllocationFactory(end=END)

    _on(time_machine, END - timedelta(days=3))
    assert allocation_end_reminders_send() == 1
    assert allocation_end_reminders_send() == 0

    allocation.refresh_from_db()
    assert (allocation.reminded_30, allocation.reminded_7) == (None, END)


def test_allocations_ending_together_make_one_email_per_person(
    time_machine, django_capture_on_commit_callbacks
):
    pi, co_pi = ProfileFactory().user, ProfileFactory().user
    first = ProjectFactory(created_by=pi)
    second = ProjectFactory(created_by=pi, team=[co_pi])
    TeamMember.objects.filter(user=co_pi).update(role=TeamMember.Role.CO_PI)
    resource = ResourceFactory()
    AllocationFactory(project=first, resource=resource, end=END)
    AllocationFactory(project=second, resource=resource, end=END)
    AllocationFactory(project=second, end=END)  # another site
    AllocationFactory(project=first, end=END + timedelta(days=60))  # not yet
    _on(time_machine, END - timedelta(days=30))

    with django_capture_on_commit_callbacks(execute=True):
        assert allocation_end_reminders_send() == 2

    assert _notices(ENDING, pi).count() == 1
    assert len(_notices(ENDING, pi).get().context["allocations"]) == 3
    assert len(_notices(ENDING, co_pi).get().context["allocations"]) == 2
    assert sorted(message.to[0] for message in mail.outbox) == sorted([pi.email, co_pi.email])
    assert "3 allocations" in _notices(ENDING, pi).get().title


def test_a_new_end_date_is_reminded_again(time_machine):
    allocation = AllocationFactory(end=END)
    _on(time_machine, END - timedelta(days=30))
    allocation_end_reminders_send()

    later = END + timedelta(days=90)
    Allocation.objects.filter(pk=allocation.pk).update(end=later)
    _on(time_machine, later - timedelta(days=30))

    assert allocation_end_reminders_send() == 1


def test_expired_and_suspended_allocations_are_not_reminded(time_machine):
    AllocationFactory(end=END, status=Allocation.Status.SUSPENDED)
    AllocationFactory(end=END, status=Allocation.Status.EXPIRED)
    _on(time_machine, END - timedelta(days=7))

    assert allocation_end_reminders_send() == 0


# --- Expiry --------------------------------------------------------------------------------------


def test_the_day_after_its_end_an_allocation_expires(time_machine):
    running = AllocationFactory(end=END)
    exhausted = AllocationFactory(end=END, status=Allocation.Status.EXHAUSTED)
    later = AllocationFactory(end=END + timedelta(days=1))

    _on(time_machine, END, hour=23)
    assert allocations_expire() == 0
    _on(time_machine, END + timedelta(days=1), hour=0)
    assert allocations_expire() == 2
    assert allocations_expire() == 0
    tasks.expire_allocations.apply()

    statuses = dict(Allocation.objects.values_list("pk", "status"))
    assert statuses == {running.pk: "expired", exhausted.pk: "expired", later.pk: "active"}
    entry = AuditEntry.objects.get(verb="allocation.expired", subject_id=running.pk)
    assert (entry.before, entry.after) == ({"status": "active"}, {"status": "expired"})


# --- Forecast ----------------------------------------------------------------------------------


def _daily(allocation, amount, days, until):
    """`amount` a day over the `days` days before `until`, as the ledger holds it."""
    records = []
    for n in range(days):
        start = datetime.combine(until - timedelta(days=n + 1), datetime.min.time(), tzinfo=UTC)
        records.append(
            UsageRecord(
                site=allocation.resource.site,
                allocation=allocation,
                record_id=f"{allocation.pk}-{start:%Y%m%d}",
                period_start=start,
                period_end=start + timedelta(days=1),
                amount=Decimal(amount),
            )
        )
    UsageRecord.objects.bulk_create(records)
    Allocation.objects.filter(pk=allocation.pk).update(used=Decimal(amount) * days)


@pytest.mark.urls("tests.allocations.urls_with_allocation_pages")
def test_a_fast_rate_is_forecast_once_with_a_link_to_ask_for_more(time_machine):
    today = date(2027, 2, 1)
    allocation = AllocationFactory(end=END)  # 1,000 from 1 January
    _daily(allocation, "20", 31, today)  # 620 used, 20 a day: runs out on 20 February
    _on(time_machine, today)

    assert allocation_forecasts_send() == 1
    assert allocation_forecasts_send() == 0
    tasks.send_allocation_forecasts.apply()

    notice = _notices(FORECAST, allocation.project.created_by).get()
    link = f"/projects/{allocation.project.slug}/allocations/request/"
    assert notice.context["finding"] == "early"
    assert notice.context["runs_out_on"] == "2027-02-20"
    assert notice.context["request_link"] == link
    assert notice.link == link
    assert "runs out on 20 Feb 2027, more than 30 days before" in notice.body
    assert link in notice.body


def test_a_slow_rate_is_forecast_as_leaving_half_unused(time_machine):
    today = date(2027, 3, 1)
    allocation = AllocationFactory(end=END)
    _daily(allocation, "1", 59, today)
    _on(time_machine, today)

    assert allocation_forecasts_send() == 1

    notice = _notices(FORECAST).get()
    assert notice.context["finding"] == "underused"
    assert notice.context["request_link"] == reverse(
        "projects:allocation_request_new", args=[allocation.project.slug]
    )
    assert "more than half would be left unused" in notice.body


def test_a_steady_rate_a_young_allocation_and_an_exhausted_one_are_not_forecast(time_machine):
    today = date(2027, 3, 1)
    steady = AllocationFactory(end=END)
    _daily(steady, "5.6", 59, today)  # about 1,000 by 30 June
    AllocationFactory(start=today - timedelta(days=3), end=END)  # too young to tell
    AllocationFactory(end=END, status=Allocation.Status.EXHAUSTED)
    _on(time_machine, today)

    assert allocation_forecasts_send() == 0


# --- Silent sites --------------------------------------------------------------------------------


def test_staff_are_told_once_about_a_site_silent_for_seven_days(time_machine):
    staff = secure_staff()
    quiet = AllocationFactory()
    started = AllocationFactory(start=date(2027, 3, 10))  # never reported, 10 days old
    young = AllocationFactory(start=date(2027, 3, 15))  # never reported, 5 days old
    busy = AllocationFactory()
    now = _on(time_machine, date(2027, 3, 20))
    Allocation.objects.filter(pk=quiet.pk).update(last_usage=now - timedelta(days=7))
    Allocation.objects.filter(pk=busy.pk).update(last_usage=now - timedelta(days=6))

    assert allocation_silence_flag() == 2
    assert allocation_silence_flag() == 0
    tasks.flag_silent_sites.apply()

    notice = _notices(SILENT, staff).get()
    assert {item["allocation"] for item in notice.context["allocations"]} == {
        quiet.pk,
        started.pk,
    }
    assert young.pk not in {item["allocation"] for item in notice.context["allocations"]}
    assert "last report on 13 Mar 2027" in notice.body
    assert "no report yet" in notice.body
    assert not _notices(SILENT, quiet.project.created_by).exists()


def test_a_site_that_reports_again_and_falls_silent_again_is_flagged_again(time_machine):
    secure_staff()
    allocation = AllocationFactory()
    now = _on(time_machine, date(2027, 3, 20))
    Allocation.objects.filter(pk=allocation.pk).update(last_usage=now - timedelta(days=8))
    allocation_silence_flag()

    Allocation.objects.filter(pk=allocation.pk).update(last_usage=now + timedelta(days=1))
    _on(time_machine, date(2027, 3, 27))
    assert allocation_silence_flag() == 0
    _on(time_machine, date(2027, 3, 28))  # seven days after its last report
    assert allocation_silence_flag() == 1


def test_the_daily_work_is_in_the_beat_schedule():
    tasks_scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert {
        "projects.tasks.expire_allocations",
        "projects.tasks.send_allocation_end_reminders",
        "projects.tasks.send_allocation_forecasts",
        "projects.tasks.flag_silent_sites",
    } <= tasks_scheduled
