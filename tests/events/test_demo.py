"""`manage.py seed_demo` adds the consortium's events: a hackathon nearly full with a
waitlist, a summer school taking applications, workshops and seminars run by working
groups, a site visit and past events with attendance; and changes nothing when run again
(issue 14, item 10)."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.utils import timezone

from events import demo
from events.models import Event, Registration
from events.selectors import registrations_of
from members.models import User

pytestmark = pytest.mark.django_db
K, Status = Event.Kind, Registration.Status


def _counted():
    return Event.objects.annotate(
        registered=Count("registrations", filter=Q(registrations__status=Status.REGISTERED)),
        waiting=Count("registrations", filter=Q(registrations__status=Status.WAITLISTED)),
        applied=Count("registrations", filter=Q(registrations__status=Status.APPLIED)),
        came=Count("registrations", filter=Q(registrations__checked_in__isnull=False)),
    )


def test_seed_demo_adds_the_events_once_in_the_shapes_the_demo_promises():
    call_command("seed_demo", stdout=io.StringIO())
    counts = (Event.objects.count(), Registration.objects.count())

    assert list(demo.seed()) == []
    assert (Event.objects.count(), Registration.objects.count()) == counts

    events = {event.slug: event for event in _counted()}
    hackathon = events["scaling-hackathon"]
    assert hackathon.kind == K.HACKATHON
    assert [o.email for o in hackathon.organisers.all()] == [demo.GRACE]
    # Nearly full, and people wait behind their institution's cap while places are free.
    assert hackathon.registered == hackathon.capacity - 2
    assert hackathon.waiting >= 5
    assert hackathon.institution_cap == 3
    assert not hackathon.cap_released

    school = events["summer-school"]
    assert school.mode == Event.Mode.APPLICATIONS
    assert school.audience == Event.Audience.EARLY_CAREER
    assert 0 < school.registered < school.capacity
    assert school.applied >= 20
    assert school.questions.filter(label__icontains="why", required=True).exists()
    # Every applicant gave their motivation.
    assert all(registration.answers for registration in school.registrations.all())

    now = timezone.now()
    by_groups = Event.objects.filter(group__isnull=False, start__gt=now)
    assert by_groups.filter(kind=K.WORKSHOP).count() >= 2
    assert by_groups.filter(kind=K.SEMINAR).count() >= 3

    visit = events["aurora-site-visit"]
    assert visit.kind == K.SITE_VISIT
    assert visit.registered == visit.capacity
    assert visit.waiting > 0

    past = [event for event in events.values() if event.end < now]
    assert len(past) >= 2
    assert all(0 < event.came <= event.registered for event in past)
    assert Event.objects.filter(status=Event.Status.CANCELLED).exists()

    # What Ada Researcher has to try (one test: seeding the whole demo takes a while).
    ada = User.objects.get(email=demo.ADA)
    mine = {registration.event.slug: registration for registration in registrations_of(ada)}

    assert mine["scaling-hackathon"].status == Status.REGISTERED
    assert mine["aurora-site-visit"].status == Status.WAITLISTED
    assert mine["aurora-site-visit"].ahead == 1  # "you are 2nd"
    assert any(registration.checked_in for registration in mine.values())
    assert Event.objects.get(slug="summer-school").organisers.filter(pk=ada.pk).exists()
