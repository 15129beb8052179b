"""Demo data for a local `make run`: institutions, accounts, ~500 researchers.

Never load this into production.
"""

from collections.abc import Iterator
from datetime import date

from allauth.account.models import EmailAddress
from django.utils.text import slugify

from members import services
from members.demo.institutions import DEMO_INSTITUTIONS
from members.demo.researchers import researchers_bulk_create
from members.models import ExpertiseArea, Institution, Profile, User

DEMO_PASSWORD = "tpc-demo-2026"  # noqa: S105 - documented in the README, local use only
STAFF_EMAIL = "secretariat@tpc.example"
RESEARCHERS = 500

DEMO_PEOPLE = [
    # (e-mail, full name, staff)
    (STAFF_EMAIL, "Secretariat Demo", True),
    ("ada.researcher@tpc.example", "Ada Researcher", False),
    ("grace.lead@tpc.example", "Grace Lead", False),
    ("alan.newcomer@tpc.example", "Alan Newcomer", False),
]


def seed() -> Iterator[str]:
    yield from _seed_accounts()
    yield from seed_institutions()
    yield from _seed_people()
    made = researchers_bulk_create(
        count=RESEARCHERS, email_pattern="researcher{n:03d}@demo.tpc.example"
    )
    if made:
        yield f"Created {made} synthetic researchers"


def demo_account(email: str, full_name: str, *, staff: bool = False) -> tuple[User, bool]:
    """A demo person who can log in with DEMO_PASSWORD: a verified address and a profile
    (idempotent; True when the account is new)."""
    user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": full_name, "is_staff": staff, "is_superuser": staff}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    services.profile_create(user=user, actor=None)
    return user, created


def _seed_accounts() -> Iterator[str]:
    for email, full_name, staff in DEMO_PEOPLE:
        _user, created = demo_account(email, full_name, staff=staff)
        if created:
            yield f"Created {'staff ' if staff else ''}account {email}"
    yield f"Demo accounts log in with the password {DEMO_PASSWORD!r} (local use only)."


def seed_institutions() -> Iterator[str]:
    """The demo institutions (idempotent)."""
    existing = set(Institution.objects.values_list("name", flat=True))
    made = 0
    for number, (name, short, kind, country, domain, status) in enumerate(DEMO_INSTITUTIONS):
        if name in existing:
            continue
        services.institution_create(
            actor=None,
            name=name,
            short_name=short,
            slug=slugify(short if len(short) > 3 else name),
            kind=kind,
            country=country,
            website=f"https://{domain}" if domain else "",
            domains=[domain] if domain else [],
            status=status,
            joined=date(2023 + number % 3, 1 + number % 12, 1) if status == "member" else None,
        )
        made += 1
    if made:
        yield f"Created {made} institutions"


def _seed_people() -> Iterator[str]:
    """Ada has a complete profile at Argonne; Grace represents UChicago; Alan asks to join it."""
    argonne = Institution.objects.get(name="Argonne National Laboratory")
    uchicago = Institution.objects.get(name="University of Chicago")
    ada = User.objects.get(email="ada.researcher@tpc.example").profile
    grace = User.objects.get(email="grace.lead@tpc.example")
    alan = User.objects.get(email="alan.newcomer@tpc.example").profile
    if uchicago.representative_id is None:
        Institution.objects.filter(pk=uchicago.pk).update(representative=grace)
    for profile, institution in [(ada, argonne), (grace.profile, uchicago)]:
        if profile.institution_id is None:
            Profile.objects.filter(pk=profile.pk).update(
                institution=institution, affiliated_via=Profile.AffiliatedVia.STAFF
            )
    if not ada.is_listed:
        services.profile_update(
            profile=ada,
            actor=ada.user,
            display_name="Ada Researcher",
            title="Computational scientist",
            bio="I evaluate large language models on scientific reasoning and build "
            "tokenizers for chemistry and biology.",
            expertise=ExpertiseArea.objects.filter(
                slug__in=["evaluation", "alignment-and-trust", "chemistry"]
            ),
            keywords=["tokenizers", "benchmarks", "scientific reasoning"],
            career_stage=Profile.CareerStage.EARLY_CAREER,
            open_to_collaboration=True,
            visibility=Profile.Visibility.MEMBERS,
        )
        yield "Completed Ada Researcher's profile"
    if not alan.affiliation_requests.exists():
        services.affiliation_request(
            profile=alan,
            institution=uchicago,
            actor=alan.user,
            message="PhD student in Prof. Lead's group.",
        )
        yield "Alan Newcomer asks to join the University of Chicago (Grace Lead confirms)"
