"""Demo data for a local `make run`: a seated committee and membership applications at
different stages, made through the real services. Never load this into production.

Committee pages need a second factor: log in as the chair (grace.lead@tpc.example, the
members demo password) and set up an authenticator app when the portal asks.
"""

from collections.abc import Iterator
from datetime import date, timedelta

from django.utils import timezone

from members.demo import demo_account
from members.models import ExpertiseArea, Institution, Profile, User
from notifications.models import EmailState, Notification
from steering import services
from steering.models import Case, MembershipApplication, Seat
from steering.selectors import reviewer_suggestions

CHAIR_EMAIL = "grace.lead@tpc.example"
VICE_CHAIR_EMAIL = "ada.researcher@tpc.example"
MEMBER_SEATS = 6
TERM_START = date(2025, 1, 1)
TERM_END = date(2027, 12, 31)

# (institution, short, kind, country, domain, applicant e-mail, applicant name, areas, stage)
APPLICATIONS = [
    ("Nordic Institute for Machine Learning", "NIML", "research_institute", "SE",
     "niml.example", "ingrid.applicant@niml.example", "Ingrid Applicant",
     ["model-architectures", "training-runtimes"], "submitted"),
    ("Andes Center for Climate AI", "ACCA", "non_profit", "CL",
     "acca.example", "mateo.applicant@acca.example", "Mateo Applicant",
     ["climate", "data-aggregation-cleaning-and-curation"], "in_review"),
    ("Kestrel Computing", "Kestrel", "industry", "GB",
     "kestrel.example", "priya.applicant@kestrel.example", "Priya Applicant",
     ["hardware-systems", "software-systems"], "voting"),
    ("Lakeside Institute of Technology", "LIT", "university", "CA",
     "lakeside.example", "omar.applicant@lakeside.example", "Omar Applicant",
     ["evaluation", "biology"], "approved"),
]  # fmt: skip


def seed() -> Iterator[str]:
    last = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    yield from _seed_committee()
    yield from _seed_applications()
    # Demo data fills inboxes, not the console: the notices it caused are not e-mailed.
    Notification.objects.filter(pk__gt=last, email_state=EmailState.PENDING).update(
        email_state=EmailState.SKIPPED
    )


def _seed_committee() -> Iterator[str]:
    """Grace Lead chairs and Ada Researcher is vice-chair when the members demo affiliated
    them; researchers of other member institutions fill the remaining seats and roles."""
    if Seat.objects.exists():
        return
    chosen: list[tuple[Institution, User]] = []
    for email in (CHAIR_EMAIL, VICE_CHAIR_EMAIL):
        person = User.objects.filter(email=email, profile__institution__isnull=False).first()
        if person is not None:
            chosen.append((person.profile.institution, person))
    others = (
        Institution.objects.filter(status=Institution.Status.MEMBER, profiles__isnull=False)
        .exclude(pk__in=[institution.pk for institution, _person in chosen])
        .distinct()
        .order_by("name")
    )
    for institution in others[: 2 + MEMBER_SEATS - len(chosen)]:
        chosen.append((institution, Profile.objects.filter(institution=institution).first().user))
    roles = [Seat.Role.CHAIR, Seat.Role.VICE_CHAIR] + [Seat.Role.MEMBER] * MEMBER_SEATS
    for (institution, person), role in zip(chosen, roles, strict=False):
        _seat(institution, person, role)
    chair, vice = (Seat.objects.get(role=role).representative for role in roles[:2])
    yield (
        f"Seated a committee of {len(chosen)}: chair {chair.email}, vice-chair {vice.email} "
        "(committee pages ask for an authenticator app first)"
    )


def _seat(institution: Institution, person: User, role: str) -> bool:
    if Seat.objects.filter(institution=institution).exists():
        return False
    services.seat_create(
        institution=institution,
        representative=person,
        role=role,
        term_start=TERM_START,
        term_end=TERM_END,
        actor=None,
    )
    return True


def _applicant(email: str, name: str) -> User:
    return demo_account(email, name)[0]


def _seed_applications() -> Iterator[str]:
    chair = User.objects.get(email=CHAIR_EMAIL)
    for name, short, kind, country, domain, email, person, areas, stage in APPLICATIONS:
        if Institution.objects.filter(name=name).exists():
            continue
        applicant = _applicant(email, person)
        application = services.membership_application_submit(
            actor=applicant,
            name=name,
            short_name=short,
            kind=kind,
            country=country,
            website=f"https://{domain}",
            domains=[domain],
            applicant_role="Head of AI research",
            motivation=f"{name} trains and evaluates large models for science and wants to "
            "share data, code and machine time with the consortium.",
            expertise=ExpertiseArea.objects.filter(slug__in=areas),
        )
        _advance(application, chair, stage)
        yield f"{person} applied for {name} ({stage.replace('_', ' ')}); log in as {email}"


def _advance(application: MembershipApplication, chair: User, stage: str) -> None:
    if stage == "submitted":
        return
    case = application.cases.get()
    now = timezone.now()
    case = services.case_review_start(
        case=case, actor=chair, review_deadline=now + timedelta(days=14)
    )
    for suggestion in reviewer_suggestions(case)[:2]:
        services.review_assign(case=case, seat=suggestion.seat, actor=chair)
    reviews = list(case.reviews.select_related("seat__representative").order_by("pk"))
    for review in reviews if stage == "approved" else reviews[:1]:
        services.review_submit(
            review=review,
            actor=review.seat.representative,
            score=4,
            recommendation="approve",
            comments_committee="Strong group; their data would help two working groups.",
            comments_proposer="Please describe which of your datasets you could share.",
        )
    if stage == "in_review":
        return
    ballot = services.ballot_open(case=case, actor=chair, closes_at=now + timedelta(days=7))
    seats = list(Seat.objects.active().select_related("representative").order_by("pk"))
    voters = seats if stage == "approved" else seats[: len(seats) // 2]
    for seat in voters:
        services.vote_cast(ballot=ballot, actor=seat.representative, choice="approve")
    if stage == "approved":
        services.decision_record(
            case=Case.objects.get(pk=case.pk),
            actor=chair,
            outcome="approved",
            rationale="The committee welcomes a strong evaluation and biology group.",
        )
