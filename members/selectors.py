"""Every non-trivial read of the members app, starting from what the viewer may see."""

from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from members.models import (
    AffiliationRequest,
    ExpertiseArea,
    Institution,
    InstitutionDomain,
    Keyword,
    Profile,
    User,
)
from members.permissions import is_confirmed_member, is_secure_staff
from members.search import search_profiles

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


def institutions_for_affiliation() -> QuerySet[Institution]:
    return Institution.objects.filter(status=Institution.Status.MEMBER).order_by("name")


# --- Profiles -----------------------------------------------------------------------------


def _visibility(viewer) -> Q:
    if is_confirmed_member(viewer):
        visible = LISTED
    else:
        visible = LISTED & Q(visibility=Profile.Visibility.PUBLIC)
    if viewer.is_authenticated:
        visible |= Q(user_id=viewer.pk)
    return visible


def _shown_email(viewer) -> Case:
    """The address, only where its owner shows it (or it is the viewer's own)."""
    shown = Q(email_visible=True)
    if viewer.is_authenticated:
        shown |= Q(user_id=viewer.pk)
    return Case(When(shown, then=F("user__email")), default=Value(""))


def profiles_visible_to(viewer) -> QuerySet[Profile]:
    """Profiles this viewer may see, with what a card or the API shows of them.

    `shown_email` carries the address only where its owner chose to show it: a hidden
    address is never read out of the database for anyone else.
    """
    return (
        Profile.objects.filter(_visibility(viewer))
        .select_related("institution")
        .prefetch_related(
            Prefetch("expertise", queryset=ExpertiseArea.objects.only("id", "name", "slug")),
            Prefetch("keywords", queryset=Keyword.objects.order_by("name")),
        )
        .annotate(shown_email=_shown_email(viewer))
        .defer("search_vector")
    )


def researcher_directory(viewer) -> QuerySet[Profile]:
    """The directory's rows before filters: listed profiles the viewer may see."""
    return profiles_visible_to(viewer).filter(LISTED).order_by("display_name", "id")


def profile_detail(*, viewer, pk: int) -> Profile | None:
    return profiles_visible_to(viewer).filter(pk=pk).first()


def profile_of(user: User) -> Profile | None:
    """The user's own profile with everything its edit page shows."""
    return (
        Profile.objects.filter(user=user)
        .select_related("institution")
        .prefetch_related("expertise", "keywords")
        .first()
    )


def institution_members_visible_to(viewer, institution: Institution) -> QuerySet[Profile]:
    """The institution's people who consented to be listed and whom the viewer may see."""
    return researcher_directory(viewer).filter(institution=institution)


def search_researchers(queryset: QuerySet[Profile], text: str) -> QuerySet[Profile]:
    return search_profiles(queryset, text)


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

    On PostgreSQL over 100,000 profiles the shared counts run only for candidates that
    share something, each an index-only lookup in the link tables."""
    # `viewer` is the profile's owner, passed when the caller holds that user already.
    viewer = viewer or profile.user
    # Read through .all() so that a profile fetched with its prefetches asks nothing more.
    area_ids = [area.id for area in profile.expertise.all()]
    keyword_ids = [keyword.id for keyword in profile.keywords.all()]
    if not area_ids and not keyword_ids:
        return []
    area_links = Profile.expertise.through.objects.filter(expertisearea_id__in=area_ids)
    keyword_links = Profile.keywords.through.objects.filter(keyword_id__in=keyword_ids)

    def shared(links) -> Coalesce:
        count = (
            links.filter(profile_id=OuterRef("pk"))
            .order_by()
            .values("profile_id")
            .annotate(n=Count("*"))
            .values("n")
        )
        return Coalesce(Subquery(count, output_field=IntegerField()), 0)

    other_institution = (
        Case(
            When(institution_id=profile.institution_id, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        if profile.institution_id
        else Value(1, output_field=IntegerField())
    )
    ranked = (
        researcher_directory(viewer)
        .exclude(pk=profile.pk)
        .filter(
            Q(pk__in=area_links.values("profile_id")) | Q(pk__in=keyword_links.values("profile_id"))
        )
        .annotate(
            other_institution=other_institution,
            score=shared(area_links) + shared(keyword_links),
        )
        .order_by("-other_institution", "-score", "display_name", "id")[:limit]
    )
    own_areas, own_keywords = set(area_ids), set(keyword_ids)
    return [
        Suggestion(
            profile=candidate,
            shared_areas=[a.name for a in candidate.expertise.all() if a.id in own_areas],
            shared_keywords=[k.name for k in candidate.keywords.all() if k.id in own_keywords],
        )
        for candidate in ranked
    ]


# --- Affiliation --------------------------------------------------------------------------


def affiliation_pending_of(profile: Profile) -> AffiliationRequest | None:
    return (
        profile.affiliation_requests.filter(status=AffiliationRequest.Status.PENDING)
        .select_related("institution")
        .first()
    )


def affiliation_requests_to_decide(user) -> QuerySet[AffiliationRequest]:
    """Pending requests this user may decide: their institutions', or all for staff."""
    pending = AffiliationRequest.objects.filter(
        status=AffiliationRequest.Status.PENDING
    ).select_related("institution", "profile")
    if is_secure_staff(user):
        return pending.order_by("created", "id")
    return pending.filter(institution__representative=user).order_by("created", "id")


def expertise_areas() -> QuerySet[ExpertiseArea]:
    return ExpertiseArea.objects.order_by("position", "name")
