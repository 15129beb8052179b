"""Full-text search over projects: one definition of the stored vector.

PostgreSQL: a stored tsvector column (title weighted A, keywords B, summary C) with its own
GIN index (migration 0001), kept current by the services that change those fields through
`project_search_columns_update()`. The directory's search and the similar-work ranking
(projects/similarity.py) both read it. Elsewhere (SQLite in development) there is no
column to fill and both fall back to plain matching.
"""

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import OuterRef, StringAgg, Subquery, TextField, Value
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Coalesce

from members.models import Keyword
from projects.models import Project

SEARCH_CONFIG = "english"


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


def project_search_columns_update(*, project_ids: list[int] | None) -> int:
    """Recompute the stored search vector of these projects (all when None) in one UPDATE.

    Only PostgreSQL has the column filled; elsewhere this does nothing and returns 0.
    """
    if connection.vendor != "postgresql":
        return 0
    projects = (
        Project.objects.all() if project_ids is None else Project.objects.filter(pk__in=project_ids)
    )
    return projects.update(search_vector=project_search_vector())
