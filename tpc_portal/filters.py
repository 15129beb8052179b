"""The portal's FilterSet: django-filter's, with its form class built once, not per request."""

import django_filters
from django.utils.translation import get_language


class FilterSet(django_filters.FilterSet):
    """django-filter's FilterSet, whose form class is built once per class and language.

    For every filter set, django-filter builds a field per filter and a form class from
    them, and the form then copies those fields again: about half a millisecond on every
    filtered page and API list. None of the portal's fields depends on the request (their
    querysets are querysets, not callables of it), so one class serves every request;
    one per language, because a label django-filter derives from a model field is text
    in the language of the request that built it.
    """

    def get_form_class(self):
        built = type(self).__dict__.get("_form_classes")
        if built is None:
            built = {}
            type(self)._form_classes = built  # this class's own, not inherited
        language = get_language()
        if language not in built:
            if any(callable(getattr(f, "queryset", None)) for f in self.filters.values()):
                return super().get_form_class()  # a field per request, as django-filter does
            built[language] = super().get_form_class()
        return built[language]
