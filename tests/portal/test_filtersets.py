"""tpc_portal.filters.FilterSet: django-filter's, with its form class built once."""

import django_filters
from django.http import QueryDict
from django.utils import translation

from members.models import Institution
from tpc_portal.filters import FilterSet


class _ByCountry(FilterSet):
    class Meta:
        model = Institution
        fields = ["country"]  # a filter made by django-filter, labelled from the model


def test_every_filter_set_of_a_class_shares_one_form_class_and_validates_its_own_data():
    first, second = _ByCountry(QueryDict("country=FR")), _ByCountry(QueryDict("country=XX"))

    assert first.get_form_class() is second.get_form_class()
    assert first.is_valid()
    assert not second.is_valid()
    assert "country" in second.errors


def test_a_label_made_from_the_model_is_in_the_language_of_each_request():
    with translation.override("en"):
        english = _ByCountry().form["country"].label
    with translation.override("ru"):
        russian = _ByCountry().form["country"].label

    assert english.lower() == "country"
    assert russian.lower() == "страна"


def test_a_queryset_chosen_per_request_gets_its_own_form_class():
    class _ByName(FilterSet):
        institution = django_filters.ModelChoiceFilter(
            queryset=lambda request: Institution.objects.all(), field_name="pk"
        )

        class Meta:
            model = Institution
            fields = ["institution"]

    assert _ByName().get_form_class() is not _ByName().get_form_class()
