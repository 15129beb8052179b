"""Reviewer suggestions: ranked by the overlap of the case's expertise areas with the
representatives' profiles; recused and already assigned seats are absent."""

import datetime

import pytest

from members.models import Profile
from steering import services
from steering.models import Case, Review, Seat
from steering.selectors import reviewer_suggestions
from tests.steering.factories import CaseFactory, SeatFactory

pytestmark = pytest.mark.django_db

AREAS = ["evaluation", "chemistry", "climate"]


def _seat_knowing(*slugs):
    seat = SeatFactory()
    profile = Profile.objects.get(user=seat.representative)
    profile.expertise.set(profile.expertise.model.objects.filter(slug__in=slugs))
    return seat


def test_seats_are_ranked_by_shared_expertise_areas(db):
    none = _seat_knowing("physics")
    two = _seat_knowing("evaluation", "chemistry", "physics")
    three = _seat_knowing(*AREAS)
    one = _seat_knowing("climate")
    case = CaseFactory(status=Case.Status.IN_REVIEW, expertise=AREAS)

    suggestions = reviewer_suggestions(case)

    assert [(s.seat, s.overlap) for s in suggestions] == [(three, 3), (two, 2), (one, 1), (none, 0)]
    assert suggestions[1].areas == ["Chemistry", "Evaluation"]


def test_recused_and_assigned_seats_are_not_suggested(db):
    involved = _seat_knowing(*AREAS)
    declared = _seat_knowing(*AREAS)
    assigned = _seat_knowing(*AREAS)
    free = _seat_knowing("evaluation")
    case = CaseFactory(
        status=Case.Status.IN_REVIEW, expertise=AREAS, institutions=[involved.institution]
    )
    services.conflict_declare(case=case, actor=declared.representative, reason="Collaborator")
    Review.objects.create(case=case, seat=assigned, assigned_by=free.representative)

    assert [s.seat for s in reviewer_suggestions(case)] == [free]


def test_inactive_seats_are_not_suggested(db):
    _seat_knowing(*AREAS)
    Seat.objects.update(term_end=datetime.date(2025, 6, 30))
    case = CaseFactory(expertise=AREAS)

    assert reviewer_suggestions(case) == []


def test_suggestions_cost_a_fixed_number_of_queries(db, django_assert_max_num_queries):
    for n in range(12):
        _seat_knowing(*AREAS[: n % 3 + 1])
    case = CaseFactory(expertise=AREAS)

    with django_assert_max_num_queries(6):
        suggestions = reviewer_suggestions(case, limit=10)
        [s.seat.institution.name for s in suggestions]
