"""The API's filter backend skips the filter form only when that changes nothing: no
filter named in the request and no default of the filter set's own."""

import pytest
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from events.filters import EventFilter
from events.models import Event
from projects.allocation_filters import AllocationFilter
from projects.models import Allocation
from tests.factories import AllocationFactory
from tpc_portal.api import CountedRows, FilterBackend

pytestmark = pytest.mark.django_db


class _View:
    def __init__(self, filterset_class):
        self.filterset_class = filterset_class


def _filtered(filterset_class, queryset, query: str = ""):
    request = Request(APIRequestFactory().get(f"/api/v1/x/{query}"))
    return FilterBackend().filter_queryset(request, queryset, _View(filterset_class))


def test_an_unfiltered_list_is_left_as_it_is():
    allocations = Allocation.objects.all()

    assert _filtered(AllocationFilter, allocations) is allocations
    assert _filtered(AllocationFilter, allocations, "?page=2&unknown=1") is allocations


def test_a_named_filter_is_applied_and_checked():
    allocations = Allocation.objects.all()

    assert "WHERE" in str(_filtered(AllocationFilter, allocations, "?status=active").query)
    with pytest.raises(Exception, match="Select a valid choice"):
        _filtered(AllocationFilter, allocations, "?status=nonsense")


def test_a_filter_set_with_a_default_of_its_own_is_always_applied():
    """Events: upcoming ones unless the past is asked for, named or not."""
    events = Event.objects.all()

    assert "WHERE" in str(_filtered(EventFilter, events).query)


def test_counted_rows_count_on_the_queryset_they_are_read_from(django_assert_num_queries):
    first, second, _third = AllocationFactory.create_batch(3)
    allocations = Allocation.objects.order_by("id")
    rows = CountedRows(
        allocations.values("id", "project__slug", "resource__site__slug"), allocations
    )

    with django_assert_num_queries(2) as captured:
        assert rows.count() == 3
        assert [row["id"] for row in rows[:2]] == [first.pk, second.pk]
    assert "JOIN" not in captured.captured_queries[0]["sql"]  # the count joins nothing
    assert rows.ordered
