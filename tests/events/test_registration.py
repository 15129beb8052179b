"""Registering, the waitlist and promotion, applications and the per-institution cap:
the rules of events/services/registration.py, against the database."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied

from events.models import Event, Question, Registration
from events.selectors import registrations_of, waitlist_position
from events.services.events import event_update
from events.services.places import line_counts
from events.services.registration import (
    CapacityBelowRegistered,
    application_decide,
    applications_decline_rest,
    caps_release,
    check_in,
    registration_cancel,
    registration_create,
)
from members.models import Profile
from notifications.models import Notification
from tests.factories import EventFactory, InstitutionFactory, ProfileFactory, UserFactory
from tpc_portal.errors import ApplicationError

pytestmark = pytest.mark.django_db
Status = Registration.Status


def members(n, **profile):
    return [ProfileFactory(**profile).user for _ in range(n)]


def statuses(event):
    return list(event.registrations.order_by("arrival").values_list("status", flat=True))


def kinds_of(person):
    return list(Notification.objects.filter(recipient=person).values_list("kind", flat=True))


def test_places_go_in_order_then_the_waitlist_with_positions(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=2)
    people = members(5)
    with django_capture_on_commit_callbacks(execute=True) as told:
        made = [registration_create(event=event, actor=person) for person in people]

    assert [r.status for r in made] == [Status.REGISTERED] * 2 + [Status.WAITLISTED] * 3
    assert [waitlist_position(r) for r in made] == [None, None, 1, 2, 3]
    assert kinds_of(people[0]) == ["events.registered"]
    assert kinds_of(people[4]) == ["events.waitlisted"]
    assert Notification.objects.get(recipient=people[4]).context["position"] == 3
    # Written after each registration's commit, outside the event's lock.
    assert len(told) >= len(people)
    mine = registrations_of(people[3]).get()
    assert mine.ahead == 1


def test_the_registrants_notice_is_written_only_once_the_registration_commits():
    event = EventFactory()
    person = ProfileFactory().user
    registration_create(event=event, actor=person)  # the test's transaction never commits
    assert kinds_of(person) == []


def test_one_registration_per_person():
    event = EventFactory()
    person = ProfileFactory().user
    registration_create(event=event, actor=person)
    with pytest.raises(ApplicationError, match="already registered"):
        registration_create(event=event, actor=person)
    assert event.registrations.count() == 1


def test_a_cancellation_promotes_the_first_in_line_and_tells_them(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(capacity=1)
    first, second, third = members(3)
    for person in (first, second, third):
        registration_create(event=event, actor=person)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(event=event, actor=first)

    assert statuses(event) == [Status.CANCELLED, Status.REGISTERED, Status.WAITLISTED]
    assert "events.promoted" in kinds_of(second)
    assert [message.to for message in mail.outbox] == [[second.email]]
    assert waitlist_position(event.registrations.get(user=third)) == 1


def test_leaving_the_waitlist_moves_the_others_up_and_promotes_nobody():
    event = EventFactory(capacity=1)
    people = members(4)
    for person in people:
        registration_create(event=event, actor=person)
    registration_cancel(event=event, actor=people[1])
    assert statuses(event) == [
        Status.REGISTERED,
        Status.CANCELLED,
        Status.WAITLISTED,
        Status.WAITLISTED,
    ]
    assert waitlist_position(event.registrations.get(user=people[3])) == 2


def test_registering_again_after_cancelling_goes_to_the_end_of_the_line():
    event = EventFactory(capacity=1)
    first, second = members(2)
    registration_create(event=event, actor=first)
    registration_create(event=event, actor=second)
    registration_cancel(event=event, actor=first)
    again = registration_create(event=event, actor=first)
    assert again.status == Status.WAITLISTED
    assert waitlist_position(again) == 1


def test_a_refused_arrival_gives_its_number_back():
    event = EventFactory(capacity=1)
    first, second = members(2)
    registration_create(event=event, actor=first)
    with pytest.raises(ApplicationError, match="already registered"):
        registration_create(event=event, actor=first)
    registration_create(event=event, actor=second)

    event.refresh_from_db()
    assert event.arrivals == 2
    assert list(event.registrations.order_by("arrival").values_list("arrival", flat=True)) == [
        1,
        2,
    ]


def test_the_line_counts_the_places_held_the_people_waiting_and_the_callers_row():
    event = EventFactory(capacity=2)
    holder, leaver, promoted, waiting = members(4)
    for person in (holder, leaver, promoted, waiting):
        registration_create(event=event, actor=person)
    registration_cancel(event=event, actor=leaver)  # `promoted` moves up; `waiting` waits

    assert line_counts(event, holder) == (2, 1, 1)
    assert line_counts(event, leaver) == (2, 1, 1)  # cancelled, the row is still theirs
    assert line_counts(event, UserFactory()) == (2, 1, 0)


def test_raising_the_capacity_by_five_promotes_five_in_order():
    event = EventFactory(capacity=50)
    people = members(60)
    for person in people:
        registration_create(event=event, actor=person)
    organiser = event.organisers.get()

    event_update(event=event, actor=organiser, data={"capacity": 55})

    promoted = set(
        event.registrations.filter(status=Status.REGISTERED).values_list("user", flat=True)
    )
    assert promoted == {person.pk for person in people[:55]}
    assert waitlist_position(event.registrations.get(user=people[55])) == 1


def test_lowering_the_capacity_below_the_registered_needs_confirming():
    event = EventFactory(capacity=5)
    for person in members(4):
        registration_create(event=event, actor=person)
    organiser = event.organisers.get()

    with pytest.raises(CapacityBelowRegistered) as refused:
        event_update(event=event, actor=organiser, data={"capacity": 3})
    assert "capacity" in refused.value.errors
    event.refresh_from_db()
    assert event.capacity == 5

    event_update(event=event, actor=organiser, data={"capacity": 3}, confirm_capacity=True)
    event.refresh_from_db()
    assert event.capacity == 3
    assert event.registrations.filter(status=Status.REGISTERED).count() == 4


def test_applications_are_accepted_up_to_the_capacity_and_the_rest_declined_at_once():
    event = EventFactory(capacity=40, mode=Event.Mode.APPLICATIONS)
    applicants = members(45)
    made = [registration_create(event=event, actor=person) for person in applicants]
    assert {r.status for r in made} == {Status.APPLIED}
    organiser = event.organisers.get()
    for registration in made[:40]:
        application_decide(registration=registration, actor=organiser, to=Status.REGISTERED)

    with pytest.raises(ApplicationError, match="All 40 places are taken"):
        application_decide(registration=made[40], actor=organiser, to=Status.REGISTERED)

    application_decide(registration=made[41], actor=organiser, to=Status.WAITLISTED)
    assert applications_decline_rest(event=event, actor=organiser) == 4
    assert event.registrations.filter(status=Status.DECLINED).count() == 4
    assert "events.declined" in kinds_of(applicants[44])

    # An accepted applicant withdraws: the one on the waitlist moves up.
    registration_cancel(event=event, actor=applicants[0])
    assert event.registrations.get(user=applicants[41]).status == Status.REGISTERED


def test_only_organisers_answer_applications():
    event = EventFactory(mode=Event.Mode.APPLICATIONS)
    registration = registration_create(event=event, actor=ProfileFactory().user)
    with pytest.raises(PermissionDenied):
        application_decide(
            registration=registration, actor=ProfileFactory().user, to=Status.REGISTERED
        )


def test_the_institution_cap_waitlists_the_fourth_and_lifts_at_its_release_date():
    now = datetime.datetime(2027, 3, 1, 9, tzinfo=datetime.UTC)
    release = now + datetime.timedelta(days=7)
    with time_machine.travel(now, tick=False):
        event = EventFactory(
            capacity=10,
            institution_cap=3,
            cap_until=release,
            start=now + datetime.timedelta(days=30),
            end=now + datetime.timedelta(days=31),
        )
        big, other = InstitutionFactory(), InstitutionFactory()
        from_big = members(5, institution=big)
        outsider = ProfileFactory(institution=other).user
        made = [registration_create(event=event, actor=person) for person in from_big]
        assert [r.status for r in made] == [Status.REGISTERED] * 3 + [Status.WAITLISTED] * 2
        assert registration_create(event=event, actor=outsider).status == Status.REGISTERED
        assert caps_release() == 0

    with time_machine.travel(release, tick=False):
        assert caps_release() == 2
        assert caps_release() == 0
    assert [
        r.status for r in event.registrations.filter(user__in=from_big).order_by("arrival")
    ] == [Status.REGISTERED] * 5


def test_audience_and_window_refusals_say_why():
    now = datetime.datetime(2027, 3, 1, 9, tzinfo=datetime.UTC)
    with time_machine.travel(now, tick=False):
        future = EventFactory(
            start=now + datetime.timedelta(days=30),
            end=now + datetime.timedelta(days=31),
            registration_opens=now + datetime.timedelta(days=1),
        )
        member = ProfileFactory().user
        with pytest.raises(ApplicationError, match="Registration opens"):
            registration_create(event=future, actor=member)
        stranger = UserFactory()
        with pytest.raises(ApplicationError, match="members of the consortium"):
            registration_create(event=future, actor=stranger)
        school = EventFactory(audience=Event.Audience.EARLY_CAREER)
        with pytest.raises(ApplicationError, match="students and postdocs"):
            registration_create(event=school, actor=member)
        student = ProfileFactory(career_stage=Profile.CareerStage.STUDENT).user
        assert registration_create(event=school, actor=student).status == Status.REGISTERED
        public = EventFactory(audience=Event.Audience.PUBLIC)
        assert registration_create(event=public, actor=stranger).status == Status.REGISTERED
        draft = EventFactory(status=Event.Status.DRAFT)
        with pytest.raises(ApplicationError, match="not open"):
            registration_create(event=draft, actor=member)
    later = now + datetime.timedelta(days=40)
    with (
        time_machine.travel(later, tick=False),
        pytest.raises(ApplicationError, match="started"),
    ):
        registration_create(event=future, actor=member)


def test_answers_are_checked_against_the_questions():
    event = EventFactory()
    diet = Question.objects.create(
        event=event,
        label="Dietary needs",
        kind=Question.Kind.CHOICE,
        choices="None\nVegetarian",
        required=True,
    )
    person = ProfileFactory().user
    with pytest.raises(ApplicationError) as refused:
        registration_create(event=event, actor=person, answers={str(diet.pk): "Pizza"})
    assert f"q_{diet.pk}" in refused.value.errors
    made = registration_create(event=event, actor=person, answers={str(diet.pk): "Vegetarian"})
    assert made.answers == {str(diet.pk): "Vegetarian"}


def test_checking_in_twice_is_harmless():
    event = EventFactory()
    registration = registration_create(event=event, actor=ProfileFactory().user)
    organiser = event.organisers.get()
    first = check_in(registration=registration, actor=organiser)
    again = check_in(registration=registration, actor=organiser)
    assert first.checked_in == again.checked_in is not None
