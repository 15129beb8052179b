"""Writes of researcher profiles."""

import re
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import OuterRef, StringAgg, Subquery, TextField, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from members.models import ExpertiseArea, Keyword, Profile, User
from members.permissions import is_profile_owner
from members.search import profile_search_vector
from members.services.common import validated
from members.validators import normalise_orcid
from tpc_portal.errors import ApplicationError

MAX_KEYWORDS = 15
EDITABLE_FIELDS = [
    "display_name",
    "title",
    "orcid",
    "bio",
    "career_stage",
    "open_to_collaboration",
    "open_to_mentoring",
    "open_to_hosting_students",
    "visibility",
    "email_visible",
    "time_zone",
    "updated",
]
MAX_KEYWORD_LENGTH = 50


def profile_create(*, user: User, actor: User | None) -> Profile:
    """The user's profile, created if missing (idempotent): for every way an account is made
    (sign-up, the admin, seeding; UserManager makes the same one), never on a page's GET.

    A new profile is named after the account and unlisted (hidden) until its owner
    chooses who may see it (Profile.new_for).
    """
    existing = Profile.objects.filter(user=user).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        profile = Profile.new_for(user)
        validated(profile, exclude=["user"])
        profile.save()
        profile_search_columns_update(profile_ids=[profile.pk])
    return profile


def user_name_give(*, user: User, full_name: str, actor: User) -> User:
    """A person without a name gives one (accounts made before sign-up asked it); only
    they may. It becomes the account's name, which person_name() shows until the profile
    has a name of its own.
    """
    if actor.pk != user.pk:
        raise PermissionDenied
    name = " ".join(full_name.split())
    if not name:
        raise ApplicationError(
            _("Give the name people know you by."),
            errors={"full_name": [_("Give the name people know you by.")]},
        )
    with transaction.atomic():
        user.full_name = name
        validated(user, exclude=["password"])
        user.save(update_fields=["full_name"])
    return user


def profile_time_zone_default(*, user: User, actor: User, time_zone: str) -> Profile:
    """Give a profile that has no time zone the one its owner's browser reports.

    Guarantees: a zone the person chose is never replaced (idempotent: the first report
    wins); only a known IANA name is stored, anything else is refused as an
    ApplicationError; only the owner may.
    """
    if actor.pk != user.pk:
        raise PermissionDenied
    profile = profile_create(user=user, actor=actor)
    with transaction.atomic():
        profile = Profile.objects.select_for_update().get(pk=profile.pk)
        if profile.time_zone:
            return profile
        profile.time_zone = time_zone
        validated(profile, exclude=["user", "institution"])
        profile.save(update_fields=["time_zone"])
    return profile


def keywords_parse(text: str) -> list[str]:
    """'Tokenizers, LLM  evaluation;RLHF' -> ['tokenizers', 'llm evaluation', 'rlhf']."""
    seen: dict[str, None] = {}
    for raw in re.split(r"[,;\n]", text):
        word = " ".join(raw.split()).lower()
        if word:
            seen.setdefault(word, None)
    return list(seen)


def _keywords_for(names: Iterable[str]) -> list[Keyword]:
    names = list(dict.fromkeys(names))
    too_long = [name for name in names if len(name) > MAX_KEYWORD_LENGTH]
    if too_long:
        raise ApplicationError(
            ngettext(
                "Keywords are at most %(n)d character long.",
                "Keywords are at most %(n)d characters long.",
                MAX_KEYWORD_LENGTH,
            )
            % {"n": MAX_KEYWORD_LENGTH},
            errors={"keywords": [_("Too long: %(k)s") % {"k": too_long[0]}]},
        )
    if len(names) > MAX_KEYWORDS:
        raise ApplicationError(
            ngettext(
                "At most %(n)d keyword, please.", "At most %(n)d keywords, please.", MAX_KEYWORDS
            )
            % {"n": MAX_KEYWORDS},
            errors={
                "keywords": [
                    ngettext("At most %(n)d keyword.", "At most %(n)d keywords.", MAX_KEYWORDS)
                    % {"n": MAX_KEYWORDS}
                ]
            },
        )
    Keyword.objects.bulk_create([Keyword(name=name) for name in names], ignore_conflicts=True)
    return list(Keyword.objects.filter(name__in=names))


def profile_update(
    *,
    profile: Profile,
    actor: User,
    display_name: str,
    title: str = "",
    orcid: str = "",
    bio: str = "",
    expertise: Iterable[ExpertiseArea] = (),
    keywords: Iterable[str] = (),
    career_stage: str = "",
    open_to_collaboration: bool = False,
    open_to_mentoring: bool = False,
    open_to_hosting_students: bool = False,
    visibility: str = Profile.Visibility.HIDDEN,
    email_visible: bool = False,
    time_zone: str | None = None,
) -> Profile:
    """Change what a profile says and who may see it; only its owner may.

    `time_zone` (an IANA name, "" for none) is kept as it is when not given.

    Guarantees: the ORCID iD is stored in its canonical form with a valid checksum, and is
    never compared with other profiles' (that would tell who holds it: a typed iD is a
    claim, proved only by ORCID sign-in, see Profile.orcid); the search vector matches the
    saved name, keywords and bio when the call returns.
    """
    if not is_profile_owner(actor, profile):
        raise PermissionDenied
    profile.display_name = display_name.strip()
    profile.title = title.strip()
    profile.orcid = normalise_orcid(orcid) if orcid.strip() else ""
    profile.bio = bio.strip()
    profile.career_stage = career_stage
    profile.open_to_collaboration = open_to_collaboration
    profile.open_to_mentoring = open_to_mentoring
    profile.open_to_hosting_students = open_to_hosting_students
    profile.visibility = visibility
    profile.email_visible = email_visible
    if time_zone is not None:
        profile.time_zone = time_zone
    profile.updated = timezone.now()
    if profile.visibility != Profile.Visibility.HIDDEN and not profile.display_name:
        raise ApplicationError(
            _("A listed profile needs a name."),
            errors={"display_name": [_("Give the name people know you by.")]},
        )
    validated(profile, exclude=["user", "institution"])
    with transaction.atomic():
        # Only what the owner edits: an affiliation confirmed meanwhile stays.
        profile.save(update_fields=EDITABLE_FIELDS)
        profile.expertise.set(list(expertise))
        profile.keywords.set(_keywords_for(keywords))
        profile_search_columns_update(profile_ids=[profile.pk])
    return profile


def profile_search_columns_update(*, profile_ids: list[int] | None = None) -> int:
    """Recompute the stored search columns of these profiles (all when None) in one UPDATE:
    the search vector and the copy of their expertise areas (see Profile.expertise_key).

    Only PostgreSQL has them; elsewhere the search falls back to plain matching.
    """
    if connection.vendor != "postgresql":
        return 0
    profiles = (
        Profile.objects.all() if profile_ids is None else Profile.objects.filter(pk__in=profile_ids)
    )
    # The ignore: django-stubs' plugin does not see an annotate() alias made after values()
    # and reports `ids` as an unknown field; Django resolves it.
    areas = (
        Profile.expertise.through.objects.filter(profile_id=OuterRef("pk"))  # type: ignore[misc]
        .order_by()
        .values("profile_id")
        .annotate(
            ids=StringAgg(
                Cast("expertisearea_id", TextField()),
                Value(Profile.EXPERTISE_KEY_SEP),
                order_by="expertisearea_id",
            )
        )
        .values("ids")
    )
    sep = Value(Profile.EXPERTISE_KEY_SEP)
    key = Concat(sep, Subquery(areas, output_field=TextField()), sep, output_field=TextField())
    return profiles.update(
        search_vector=profile_search_vector(),
        expertise_key=Coalesce(key, Value(""), output_field=TextField()),
    )
