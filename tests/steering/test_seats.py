"""Seats: one per member institution (the database says so), confirmed members only, one chair
and one vice-chair, the institution's representative kept in step; staff manage them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse

from members.models import Institution
from steering import audit, services
from steering.models import Seat
from tests.factories import InstitutionFactory, UserFactory
from tests.steering.factories import SeatFactory, give_totp, member_of
from tpc_portal.audit import audit_of
from tpc_portal.errors import ApplicationError

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 1, 1)


def _create(institution, representative, **kwargs):
    return services.seat_create(
        institution=institution,
        representative=representative,
        term_start=START,
        actor=None,
        **kwargs,
    )


def test_one_seat_per_institution_is_a_database_constraint():
    seat = SeatFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Seat.objects.create(
            institution=seat.institution, representative=seat.representative, term_start=START
        )


def test_the_service_refuses_a_second_seat_with_a_message():
    seat = SeatFactory()

    with pytest.raises(ApplicationError, match="already has a seat"):
        _create(seat.institution, member_of(seat.institution))


@pytest.mark.parametrize("role", [Seat.Role.CHAIR, Seat.Role.VICE_CHAIR])
def test_one_chair_and_one_vice_chair(role):
    SeatFactory(role=role)
    other = SeatFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Seat.objects.filter(pk=other.pk).update(role=role)
    institution = InstitutionFactory()
    with pytest.raises(ApplicationError, match="already has a"):
        _create(institution, member_of(institution), role=role)


def test_representative_and_alternate_are_confirmed_members_of_the_institution():
    institution = InstitutionFactory()
    outsider = member_of(InstitutionFactory())

    with pytest.raises(ApplicationError) as refused:
        _create(institution, outsider)
    assert "representative" in refused.value.errors
    with pytest.raises(ApplicationError) as refused:
        _create(institution, member_of(institution), alternate=UserFactory())
    assert "alternate" in refused.value.errors


def test_only_member_institutions_have_seats():
    institution = InstitutionFactory(status=Institution.Status.APPLICANT, joined=None)

    with pytest.raises(ApplicationError, match="Only member institutions"):
        _create(institution, member_of(institution))


def test_the_alternate_is_another_person_and_the_term_ends_after_it_starts():
    institution = InstitutionFactory()
    person = member_of(institution)

    with pytest.raises(ApplicationError, match="someone else"):
        _create(institution, person, alternate=person)
    with pytest.raises(ApplicationError, match="cannot end before"):
        _create(institution, person, term_end=START - datetime.timedelta(days=1))


def test_the_institution_representative_follows_the_seat():
    institution = InstitutionFactory()
    first, second = member_of(institution), member_of(institution)
    seat = _create(institution, first)
    assert Institution.objects.get(pk=institution.pk).representative == first

    staff = UserFactory(is_staff=True)
    services.seat_update(seat=seat, actor=staff, representative=second, term_start=START)

    assert Institution.objects.get(pk=institution.pk).representative == second
    entry = audit_of(seat).get(verb=audit.SEAT_UPDATED.key)
    assert entry.actor == staff
    assert (entry.before["representative"], entry.after["representative"]) == (
        str(first),
        str(second),
    )


def test_only_staff_manage_seats():
    seat = SeatFactory()
    institution = InstitutionFactory()

    with pytest.raises(PermissionDenied):
        services.seat_create(
            institution=institution,
            representative=member_of(institution),
            term_start=START,
            actor=seat.representative,
        )
    with pytest.raises(PermissionDenied):
        services.seat_update(
            seat=seat,
            actor=seat.representative,
            representative=seat.representative,
            term_start=START,
        )


def test_staff_give_a_seat_through_the_page(client):
    staff = give_totp(UserFactory(is_staff=True))
    institution = InstitutionFactory()
    person = member_of(institution)
    client.force_login(staff)

    response = client.post(
        reverse("steering:seat_create"),
        {
            "institution": institution.pk,
            "representative": person.email,
            "role": "member",
            "term_start": "2026-01-01",
            "term_end": "2028-12-31",
        },
    )

    assert response.status_code == 302
    seat = Seat.objects.get(institution=institution)
    assert (seat.representative, seat.term_end) == (person, datetime.date(2028, 12, 31))


def test_the_page_shows_a_refusal_beside_the_form(client):
    SeatFactory(role=Seat.Role.CHAIR)
    staff = give_totp(UserFactory(is_staff=True))
    institution = InstitutionFactory()
    client.force_login(staff)

    response = client.post(
        reverse("steering:seat_create"),
        {
            "institution": institution.pk,
            "representative": member_of(institution).email,
            "role": "chair",
            "term_start": "2026-01-01",
        },
    )

    assert response.status_code == 400
    assert "The committee already has a chair." in response.content.decode()


def test_the_public_page_lists_active_seats_chair_first(client, django_assert_max_num_queries):
    SeatFactory.create_batch(20)
    chair = SeatFactory(role=Seat.Role.CHAIR)
    ended = SeatFactory(term_end=datetime.date(2025, 12, 31))

    with django_assert_max_num_queries(4):
        response = client.get(reverse("steering:index"))

    assert response.status_code == 200
    seats = list(response.context["seats"])
    assert seats[0] == chair
    assert ended not in seats
    assert len(seats) == 21


def test_the_committee_page_speaks_russian(client):
    SeatFactory(role=Seat.Role.CHAIR)

    response = client.get(reverse("steering:index"), HTTP_ACCEPT_LANGUAGE="ru")

    text = response.content.decode()
    assert "Руководящий комитет" in text
    assert "Председатель" in text
