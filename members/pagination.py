"""Pagination of the directories (researchers here, projects in projects.search): a ranked
search is counted by the page query itself.

A full-text search must rank every match to sort them, so the query that picks a page's
ids reads them all anyway; `COUNT(*) OVER ()` on it gives the total, and the separate
COUNT, which would match them all a second time, is skipped. That query carries ids
only: the page's full rows are then read by primary key. Without a search, the usual COUNT is
cheaper (it reads the listed-profiles index alone), so the usual paginator applies.
"""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, QuerySet, Window

from tpc_portal.api import Pagination

TOTAL = "search_total"


def counted_by_window(queryset: QuerySet) -> QuerySet:
    """Mark a (ranked) queryset so that each row carries the number of rows."""
    return queryset.annotate(**{TOTAL: Window(Count("*"))})


class DirectoryPaginator(Paginator):
    def _counted_by_window(self) -> bool:
        query = getattr(self.object_list, "query", None)
        return query is not None and TOTAL in query.annotations

    def get_page(self, number):
        """As Paginator.get_page, without its up-front COUNT when the page query counts."""
        if not self._counted_by_window():
            return super().get_page(number)
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            return self.page(self.num_pages)

    def page(self, number):
        if not self._counted_by_window():
            return super().page(number)
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger("That page number is not an integer") from error
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        bottom = (number - 1) * self.per_page
        # First the page's ids and the total, from narrow rows (no bio, no joins); then
        # the page's full rows by primary key, in the same order.
        ranked = list(self.object_list.values_list("pk", TOTAL)[bottom : bottom + self.per_page])
        if not ranked and number > 1:
            return super().page(number)  # past the end: count the usual way to say so
        self.__dict__["count"] = ranked[0][1] if ranked else 0
        return self._get_page(self._rows([pk for pk, _total in ranked]), number, self)

    def _rows(self, pks: list) -> list:
        """The full rows of these ids, in this order (model instances, or dicts when the
        queryset reads values()). The query keeps the conditions (a profile hidden since
        the ids were picked stays out) but not the ranking: sorting 25 rows by their place
        in `pks` costs less than ranking them again."""
        rows = self.object_list.order_by()
        # By the key's own name: a values() queryset that selects it is not widened.
        by_pk = rows.in_bulk(pks, field_name=rows.model._meta.pk.name)
        return [by_pk[pk] for pk in pks if pk in by_pk]


class DirectoryPagination(Pagination):
    django_paginator_class = DirectoryPaginator
