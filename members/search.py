"""Full-text search over profiles: one definition of the stored vector and of the query.

PostgreSQL: a stored tsvector column (name weighted A, keywords B, bio C) with its own GIN
index, matched with @@ and ranked with ts_rank over the stored column, so that the planner
never rebuilds a vector per row. Elsewhere (SQLite in development): every word must appear,
case-insensitively, in the name, a keyword or the bio.
"""

from collections.abc import Iterable

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, OuterRef, Q, QuerySet, StringAgg, Subquery, TextField, Value
from django.db.models.functions import Coalesce

from members.models import ExpertiseArea, Keyword, Profile
from members.pagination import counted_by_window

SEARCH_CONFIG = "english"


def profile_search_vector() -> SearchVector:
    """The vector of a profile row, as an expression usable in one UPDATE over many rows."""
    keywords = Subquery(
        Keyword.objects.filter(profiles=OuterRef("pk"))
        .order_by()
        .values("profiles")
        .annotate(text=StringAgg("name", delimiter=Value(" ")))
        .values("text"),
        output_field=TextField(),
    )
    return (
        SearchVector("display_name", weight="A", config=SEARCH_CONFIG)
        + SearchVector(
            Coalesce(keywords, Value(""), output_field=TextField()),
            weight="B",
            config=SEARCH_CONFIG,
        )
        + SearchVector("bio", weight="C", config=SEARCH_CONFIG)
    )


def search_profiles(queryset: QuerySet[Profile], text: str) -> QuerySet[Profile]:
    """Profiles matching `text`, best match first."""
    text = text.strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
        # Ranked in ORDER BY only, not in the select list: the page's rows, read afterwards
        # by key (members/pagination.py), then need no rank of their own.
        return counted_by_window(
            queryset.filter(search_vector=query).order_by(
                SearchRank(F("search_vector"), query).desc(), "display_name", "id"
            )
        )
    for word in text.split()[:10]:
        queryset = queryset.filter(
            Q(display_name__icontains=word)
            | Q(bio__icontains=word)
            | Q(
                pk__in=Keyword.profiles.through.objects.filter(
                    keyword__name__icontains=word
                ).values("profile_id")
            )
        )
    return counted_by_window(queryset)


def profiles_with_expertise(
    queryset: QuerySet[Profile], areas: Iterable[ExpertiseArea], *, searching: bool
) -> QuerySet[Profile]:
    """Profiles with any of these expertise areas.

    With a search on PostgreSQL, the matching rows are read anyway: their copy of the areas
    (Profile.expertise_key) is checked there rather than the link table probed once per
    match. Alone, the facet is answered from the link table's index.
    """
    areas = list(areas)
    if searching and connection.vendor == "postgresql":
        any_area = Q()
        for area in areas:
            any_area |= Q(expertise_key__contains=Profile.expertise_key_of(area.pk))
        return queryset.filter(any_area)
    links = Profile.expertise.through.objects.filter(expertisearea__in=areas)
    return queryset.filter(pk__in=links.values("profile_id"))
