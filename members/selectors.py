"""Every non-trivial read of the members app, starting from what the viewer may see."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import cast

from allauth.socialaccount.models import SocialAccount
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    CharField,
    Exists,
    Model,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.expressions import RawSQL
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from members.membership import AnyUser, is_confirmed_member
from members.models import (
    FIELD_SEP,
    ITEM_SEP,
    AffiliationRequest,
    ExpertiseArea,
    Institution,
    InstitutionDomain,
    Keyword,
    Profile,
    User,
)
from members.search import profiles_with_expertise, search_profiles
from tpc_portal.second_factor import is_secure_staff

SUGGESTION_LIMIT = 10

LISTED = ~Q(display_name="") & ~Q(visibility=Profile.Visibility.HIDDEN)


# --- Institutions -------------------------------------------------------------------------


def institutions_public() -> QuerySet[Institution]:
    """The public directory: member institutions only."""
    return Institution.objects.filter(status=Institution.Status.MEMBER).order_by("name")


def institution_public_detail(*, slug: str) -> Institution | None:
    return (
        Institution.objects.filter(
            slug=slug,
            status__in=[Institution.Status.MEMBER, Institution.Status.SUSPENDED],
        )
        .select_related("representative__profile")
        .first()
    )


def institution_for_email(email: str) -> Institution | None:
    """The member institution owning the address's domain or a parent domain of it."""
    domain = email.rsplit("@", 1)[-1].lower()
    labels = domain.split(".")
    candidates = [".".join(labels[i:]) for i in range(len(labels) - 1)]
    match = InstitutionDomain.objects.filter(
        domain__in=candidates, institution__status=Institution.Status.MEMBER
    ).select_related("institution")
    # The most specific domain wins (dep.lab.gov before lab.gov).
    best = max(match, key=lambda d: len(d.domain), default=None)
    return best.institution if best else None


@dataclass(frozen=True)
class ConsortiumFigures:
    institutions: int
    researchers: int


def consortium_figures() -> ConsortiumFigures:
    """What the home page tells visitors: member institutions, and researchers who chose to
    be listed in the directory (a count names nobody). Two COUNTs."""
    return ConsortiumFigures(
        institutions=institutions_public().count(),
        researchers=Profile.objects.filter(LISTED).count(),
    )


def institutions_for_affiliation() -> QuerySet[Institution]:
    return Institution.objects.filter(status=Institution.Status.MEMBER).order_by("name")


# --- Profiles -----------------------------------------------------------------------------


def _visibility(viewer: AnyUser, *, own: bool = True) -> Q:
    """Listed profiles the viewer may see; with `own`, also the viewer's own profile."""
    if is_confirmed_member(viewer):
        visible = LISTED
    else:
        visible = LISTED & Q(visibility=Profile.Visibility.PUBLIC)
    if own and viewer.is_authenticated:
        visible |= Q(user_id=viewer.pk)
    return visible


def _shown_email(viewer: AnyUser) -> RawSQL:
    """The address, only where its owner shows it (or it is the viewer's own).

    A subquery rather than a join: a COUNT over the directory then reads no user row.
    Written as SQL, like the packed lists below, for the same reason.
    """
    sql = _SHOWN_EMAIL_SQL.format(users=User._meta.db_table, profiles=Profile._meta.db_table)
    # An anonymous viewer's key is NULL: "user_id = NULL" holds for nobody.
    return RawSQL(sql, (viewer.pk,), output_field=CharField())  # noqa: S611 - names from models


_SHOWN_EMAIL_SQL = """CASE WHEN ({profiles}.email_visible OR {profiles}.user_id = %s)
    THEN (SELECT u.email FROM {users} AS u WHERE u.id = {profiles}.user_id) ELSE '' END"""


# One profile's areas and keywords, each as one string of "order\x1fslug\x1fname" items
# joined by \x1e (see Profile.area_list), read by the page query itself: no second
# query, no object per tag; a subquery in the select list runs only for the page's rows.
# Written as SQL because the same expressions through the ORM cost more to compile on
# every request than the subqueries cost to run.
_PACKED_SQL = """(SELECT {aggregate}(CAST({order} AS TEXT) || %s || t.{slug} || %s || t.name, %s)
    FROM {links} AS l JOIN {tags} AS t ON t.id = l.{fk}
    WHERE l.profile_id = {profiles}.id)"""


def _packed(links: type[Model], tags: type[Model], fk: str, order: str, slug: str) -> RawSQL:
    aggregate = "STRING_AGG" if connection.vendor == "postgresql" else "GROUP_CONCAT"
    sql = _PACKED_SQL.format(
        aggregate=aggregate,
        links=links._meta.db_table,
        tags=tags._meta.db_table,
        fk=fk,
        order=order,
        slug=slug,
        profiles=Profile._meta.db_table,
    )
    # Table and column names come from the models; the separators are parameters.
    return RawSQL(sql, (FIELD_SEP, FIELD_SEP, ITEM_SEP), output_field=CharField())  # noqa: S611


def _with_card(profiles: QuerySet[Profile], viewer: AnyUser) -> QuerySet[Profile]:
    """What a card shows: institution, areas and keywords (see Profile.area_list),
    the address where it may be shown."""
    return (
        profiles.select_related("institution")
        .annotate(
            shown_email=_shown_email(viewer),
            packed_areas=_packed(
                Profile.expertise.through, ExpertiseArea, "expertisearea_id", "t.position", "slug"
            ),
            packed_keywords=_packed(Profile.keywords.through, Keyword, "keyword_id", "0", "name"),
        )
        .defer("search_vector")
    )


def profiles_visible_to(viewer: AnyUser) -> QuerySet[Profile]:
    """Profiles this viewer may see (their own too), with what a card or the API shows.

    `shown_email` carries the address only where its owner chose to show it: a hidden
    address is never read out of the database for anyone else.
    """
    return _with_card(Profile.objects.filter(_visibility(viewer)), viewer)


def researcher_directory(viewer: AnyUser) -> QuerySet[Profile]:
    """The directory's rows before filters: listed profiles the viewer may see.

    Its condition matches the partial index `profile_listed_name`, which orders the
    pages and counts them without reading the table.
    """
    return _with_card(Profile.objects.filter(_visibility(viewer, own=False)), viewer).order_by(
        "display_name", "id"
    )


def profile_detail(*, viewer: AnyUser, pk: int) -> Profile | None:
    """A profile the viewer may see, with `orcid_verified`: its owner proved the iD by
    signing in with it through ORCID (a typed iD is only a claim)."""
    proved = SocialAccount.objects.filter(
        user=OuterRef("user_id"), provider="orcid", uid=OuterRef("orcid")
    )
    return profiles_visible_to(viewer).annotate(orcid_verified=Exists(proved)).filter(pk=pk).first()


def profile_of(user: User) -> Profile | None:
    """The user's own profile with everything its edit page shows."""
    return (
        Profile.objects.filter(user=user)
        .select_related("institution")
        .prefetch_related("expertise", "keywords")
        .first()
    )


def institution_members_visible_to(viewer: AnyUser, institution: Institution) -> QuerySet[Profile]:
    """The institution's people who consented to be listed and whom the viewer may see."""
    return researcher_directory(viewer).filter(institution=institution)


def search_researchers(queryset: QuerySet[Profile], text: str) -> QuerySet[Profile]:
    return search_profiles(queryset, text)


def researchers_with_expertise(
    queryset: QuerySet[Profile], areas: Iterable[ExpertiseArea], *, searching: bool
) -> QuerySet[Profile]:
    return profiles_with_expertise(queryset, areas, searching=searching)


# --- Suggestions --------------------------------------------------------------------------


@dataclass
class Suggestion:
    profile: Profile
    shared_areas: list[str] = field(default_factory=list)
    shared_keywords: list[str] = field(default_factory=list)

    @property
    def why(self) -> str:
        """E.g. "Shares: Evaluation, Alignment and trust; keywords: tokenizers"."""
        parts = []
        if self.shared_areas:
            parts.append(_("Shares: %(areas)s") % {"areas": ", ".join(self.shared_areas)})
        if self.shared_keywords:
            parts.append(
                ngettext(
                    "keyword: %(keywords)s", "keywords: %(keywords)s", len(self.shared_keywords)
                )
                % {"keywords": ", ".join(self.shared_keywords)}
            )
        return capfirst("; ".join(parts))


def collaborators_suggested_for(
    profile: Profile, *, viewer: User | None = None, limit: int = SUGGESTION_LIMIT
) -> list[Suggestion]:
    """Up to `limit` people the profile's owner may see, ranked by shared expertise areas
    and keywords, people from other institutions first; never the owner, never anyone
    unlisted. Each suggestion carries what is shared, to say why.

    The ranking is profiles_sharing_expertise()'s, with the owner's areas and keywords.
    """
    # `viewer` is the profile's owner, passed when the caller holds that user already.
    viewer = viewer or profile.user
    # Through .all(): a profile from profile_of() has them prefetched.
    return profiles_sharing_expertise(
        viewer=viewer,
        areas=list(profile.expertise.all()),
        keywords=list(profile.keywords.all()),
        among=~Q(pk=profile.pk),
        others_than=profile.institution_id,
        limit=limit,
    )


def profiles_sharing_expertise(
    *,
    viewer: AnyUser,
    areas: Sequence[ExpertiseArea],
    keywords: Sequence[Keyword] = (),
    among: Q | None = None,
    confirmed_only: bool = False,
    others_than: int | None = None,
    limit: int = SUGGESTION_LIMIT,
) -> list[Suggestion]:
    """The one ranking of people by shared expertise: up to `limit` listed profiles the
    viewer may see that share at least one of `areas` or `keywords`, most shared first,
    each with what it shares (to say why).

    `among` narrows the candidates (e.g. not the people already in a group);
    `confirmed_only` keeps people at member institutions; the people of the institution
    `others_than` come after everyone else (a collaborator elsewhere is the better find).

    The score is counted by grouping the link tables once (a hash aggregate over the
    links of the wanted areas and keywords) and joined to the candidates. Its cost grows
    with the number of people sharing an area: a few milliseconds at the consortium's size;
    about 0.4 s over 100,000 synthetic profiles on a 2-CPU machine (a correlated count per
    candidate took 0.7 s there).
    """
    candidates = Profile.objects.filter(_visibility(viewer, own=False))
    if among is not None:
        candidates = candidates.filter(among)
    if confirmed_only:
        candidates = candidates.filter(institution__status=Institution.Status.MEMBER)
    ids = _suggested_ids(
        candidates, [a.id for a in areas], [k.id for k in keywords], others_than, limit
    )
    if not ids:
        return []
    wanted_areas, wanted_keywords = {a.slug for a in areas}, {k.name for k in keywords}
    found = researcher_directory(viewer).in_bulk(ids)
    return [
        Suggestion(
            profile=candidate,
            shared_areas=[a.name for a in candidate.area_list if a.slug in wanted_areas],
            shared_keywords=[k.name for k in candidate.keyword_list if k.name in wanted_keywords],
        )
        for candidate in (found[pk] for pk in ids if pk in found)
    ]


def _suggested_ids(
    candidates: QuerySet[Profile],
    area_ids: list[int],
    keyword_ids: list[int],
    others_than: int | None,
    limit: int,
) -> list[int]:
    links, params = [], []
    for model, column, wanted in [
        (Profile.expertise.through, "expertisearea_id", area_ids),
        (Profile.keywords.through, "keyword_id", keyword_ids),
    ]:
        if wanted:
            placeholders = ", ".join(["%s"] * len(wanted))
            links.append(
                f"SELECT profile_id, COUNT(*) AS n FROM {model._meta.db_table} "  # noqa: S608
                f"WHERE {column} IN ({placeholders}) GROUP BY profile_id"
            )
            params += wanted
    if not links:
        return []
    visible_sql, visible_params = (
        candidates.order_by().values("id", "institution_id", "display_name").query.sql_with_params()
    )
    sql = (
        "SELECT visible.id FROM ("  # noqa: S608 - table names from models, values as params
        f"  SELECT profile_id, SUM(n) AS score FROM ({' UNION ALL '.join(links)}) AS links"
        "   GROUP BY profile_id"
        f") AS shared JOIN ({visible_sql}) AS visible ON visible.id = shared.profile_id "
        "ORDER BY CASE WHEN visible.institution_id = %s THEN 0 ELSE 1 END DESC, "
        "shared.score DESC, visible.display_name, visible.id LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *visible_params, others_than, limit])
        return [row[0] for row in cursor.fetchall()]


# --- Affiliation --------------------------------------------------------------------------


def affiliation_pending_of(profile: Profile) -> AffiliationRequest | None:
    return (
        profile.affiliation_requests.filter(status=AffiliationRequest.Status.PENDING)
        .select_related("institution")
        .first()
    )


def affiliation_requests_to_decide(user: User) -> QuerySet[AffiliationRequest]:
    """Pending requests this user may decide: their institutions', or all for staff."""
    pending = AffiliationRequest.objects.filter(
        status=AffiliationRequest.Status.PENDING
    ).select_related("institution", "profile__user")
    if is_secure_staff(user):
        return pending.order_by("created", "id")
    return pending.filter(institution__representative=user).order_by("created", "id")


def expertise_areas() -> QuerySet[ExpertiseArea]:
    """The taxonomy in its own order: every form, filter and API list of areas."""
    return ExpertiseArea.objects.order_by("position", "name")


TAXONOMY_CACHE_KEY = "members:expertise-areas"
# Like the directory's facets: an area staff add is offered everywhere within a minute.
TAXONOMY_CACHE_SECONDS = 60


def expertise_areas_by_slug() -> dict[str, ExpertiseArea]:
    """The taxonomy by slug, in its own order, from the cache: the filters of the
    directory, groups, projects and openings check the areas ticked against it on every
    request, and reading the cached eighteen costs a fraction of querying them."""
    areas = cache.get_or_set(
        TAXONOMY_CACHE_KEY,
        lambda: {area.slug: area for area in expertise_areas()},
        TAXONOMY_CACHE_SECONDS,
    )
    return cast(dict[str, ExpertiseArea], areas)


def api_tokens_of(user: User) -> QuerySet:
    from knox.models import AuthToken

    return AuthToken.objects.filter(user=user).order_by("-created")
