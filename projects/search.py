"""Full-text search over projects: one definition of the stored vector and of the query.

PostgreSQL: a stored tsvector column (title weighted A, keywords B, summary C) with its own
GIN index (migration 0001), matched with @@ (a websearch query: quotes, OR, -word) and
ranked with ts_rank over the stored column, so that no vector is rebuilt per row. Every
service that changes a title, a summary or the keywords calls
`project_search_columns_update()` in its transaction; the similar-work ranking
(projects/similarity.py) reads the same column. Elsewhere (SQLite in development) the
column stays empty and every word must appear, case-insensitively, in the title, the
summary or a keyword.
"""

from collections.abc import Iterable

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import F, OuterRef, Q, QuerySet, StringAgg, Subquery, TextField, Value
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Coalesce

from members.models import Keyword
from members.pagination import counted_by_window
from projects.models import Project

SEARCH_CONFIG = "english"
# Words of a search on SQLite: each one more LIKE over three columns.
FALLBACK_WORDS = 10


def project_search_vector() -> CombinedExpression:
    """The vector of a project row, as an expression usable in one UPDATE over many rows."""
    keywords = Subquery(
        Keyword.objects.filter(projects=OuterRef("pk"))
        .order_by()
        .values("projects")
        .annotate(text=StringAgg("name", delimiter=Value(" ")))
        .values("text"),
        output_field=TextField(),
    )
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector(
            Coalesce(keywords, Value(""), output_field=TextField()),
            weight="B",
            config=SEARCH_CONFIG,
        )
        + SearchVector("summary", weight="C", config=SEARCH_CONFIG)
    )


def project_search_columns_update(*, project_ids: Iterable[int] | None = None) -> int:
    """Recompute the stored search vector of these projects (all when None) in one UPDATE;
    returns how many rows it wrote.

    Only PostgreSQL has the column's index and the ranking; elsewhere this does nothing and
    the search falls back to plain matching.
    """
    if connection.vendor != "postgresql":
        return 0
    projects = Project.objects.all()
    if project_ids is not None:
        projects = projects.filter(pk__in=list(project_ids))
    return projects.update(search_vector=project_search_vector())


def search_query(text: str) -> SearchQuery:
    """What people type, as PostgreSQL's web-search syntax reads it."""
    return SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)


def search_projects(queryset: QuerySet[Project], text: str) -> QuerySet[Project]:
    """Projects of `queryset` matching `text`, best match first (on SQLite: by title), each
    row counting the matches (members.pagination.counted_by_window: the directory's page
    and the API's list read the total from their page query)."""
    text = text.strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        query = search_query(text)
        # Every match is ranked to sort them: the query that does it counts them too,
        # and no separate COUNT matches them a second time.
        return counted_by_window(
            queryset.filter(search_vector=query).order_by(
                SearchRank(F("search_vector"), query).desc(), "title", "id"
            )
        )
    for word in text.split()[:FALLBACK_WORDS]:
        queryset = queryset.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(
                pk__in=Project.keywords.through.objects.filter(
                    keyword__name__icontains=word
                ).values("project_id")
            )
        )
    return counted_by_window(queryset)
