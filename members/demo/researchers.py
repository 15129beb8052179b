"""Synthetic researchers in bulk, for demo data and benchmarks.

This bypasses the services on purpose: it inserts thousands of rows with a handful of
bulk INSERTs, then brings every search vector up to date with one UPDATE. Never used on
real people's data.
"""

import random
from collections.abc import Sequence

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from members.demo.names import FIRST_NAMES, KEYWORDS, LAST_NAMES, TITLES
from members.models import ExpertiseArea, Institution, Keyword, Profile, User
from members.services import profile_search_columns_update

BIO = (
    "I work on {area_a} and {area_b}, lately on {kw_a} and {kw_b}. "
    "I am interested in large models for science and in projects that span sites."
)


def _profile_row(rng: random.Random, user: User, institution, areas: Sequence[ExpertiseArea]):
    chosen = rng.sample(list(areas), k=rng.randint(2, 4))
    pool = [kw for area in chosen for kw in KEYWORDS.get(area.slug, [])] + KEYWORDS["*"]
    keywords = rng.sample(pool, k=min(len(pool), rng.randint(2, 5)))
    roll = rng.random()
    visibility = (
        Profile.Visibility.PUBLIC
        if roll < 0.2
        else Profile.Visibility.HIDDEN
        if roll > 0.95
        else Profile.Visibility.MEMBERS
    )
    profile = Profile(
        user=user,
        display_name=user.full_name,
        title=rng.choice(TITLES),
        institution=institution,
        affiliated_via=Profile.AffiliatedVia.STAFF,
        affiliated_at=timezone.now(),
        bio=BIO.format(
            area_a=chosen[0].name.lower(),
            area_b=chosen[1].name.lower(),
            kw_a=keywords[0],
            kw_b=keywords[-1],
        ),
        career_stage=rng.choice(Profile.CareerStage.values),
        open_to_collaboration=rng.random() < 0.7,
        open_to_mentoring=rng.random() < 0.3,
        open_to_hosting_students=rng.random() < 0.2,
        visibility=visibility,
        email_visible=rng.random() < 0.3,
    )
    return profile, chosen, keywords


@transaction.atomic
def researchers_bulk_create(
    *, count: int, email_pattern: str, seed: int = 2026, batch_size: int = 5000
) -> int:
    """Create `count` synthetic researchers at member institutions; return how many.

    `email_pattern` is formatted with the running number, e.g. "r{n:06d}@scale.tpc.example";
    numbers whose address exists already are skipped, so running twice adds nothing.
    """
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets
    institutions = list(Institution.objects.filter(status=Institution.Status.MEMBER))
    areas = list(ExpertiseArea.objects.all())
    if not institutions or not areas:
        raise RuntimeError("Seed institutions and the expertise taxonomy first.")
    wanted = [email_pattern.format(n=n) for n in range(count)]
    existing = set(User.objects.filter(email__in=wanted).values_list("email", flat=True))
    unusable = make_password(None)
    users = []
    for email in wanted:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        if email not in existing:
            users.append(
                User(email=email, full_name=name, password=unusable, date_joined=timezone.now())
            )
    created = 0
    for start in range(0, len(users), batch_size):
        batch = User.objects.bulk_create(users[start : start + batch_size])
        if batch and batch[0].pk is None:  # backends without RETURNING: fetch the ids
            by_email = dict(
                User.objects.filter(email__in=[u.email for u in batch]).values_list("email", "pk")
            )
            for user in batch:
                user.pk = by_email[user.email]
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in batch]
        )
        created += _profiles_for(batch, rng, institutions, areas)
    profile_search_columns_update()
    return created


def _profiles_for(users, rng, institutions, areas) -> int:
    rows = [_profile_row(rng, user, rng.choice(institutions), areas) for user in users]
    profiles = Profile.objects.bulk_create([profile for profile, _a, _k in rows])
    if profiles and profiles[0].pk is None:
        by_user = dict(
            Profile.objects.filter(user__in=[p.user for p in profiles]).values_list("user_id", "pk")
        )
        for profile in profiles:
            profile.pk = by_user[profile.user_id]
    names = sorted({kw for _p, _a, keywords in rows for kw in keywords})
    Keyword.objects.bulk_create([Keyword(name=name) for name in names], ignore_conflicts=True)
    keyword_ids = dict(Keyword.objects.filter(name__in=names).values_list("name", "pk"))
    area_links, keyword_links = [], []
    for profile, chosen, keywords in rows:
        area_links += [
            Profile.expertise.through(profile_id=profile.pk, expertisearea_id=a.pk) for a in chosen
        ]
        keyword_links += [
            Profile.keywords.through(profile_id=profile.pk, keyword_id=keyword_ids[k])
            for k in keywords
        ]
    Profile.expertise.through.objects.bulk_create(area_links, batch_size=10000)
    Profile.keywords.through.objects.bulk_create(keyword_links, batch_size=10000)
    return len(profiles)
