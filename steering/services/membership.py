"""Membership applications: the first kind of case, and what its decision does."""

from collections.abc import Iterable
from datetime import date

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members import services as members
from members.models import ExpertiseArea, Institution, Profile, User
from members.validators import normalise_domain
from steering.models import Case, Decision, MembershipApplication, Seat
from steering.services.cases import case_submit
from steering.services.common import validated
from steering.services.seats import seat_create
from tpc_portal.errors import ApplicationError
from tpc_portal.people import given_name

# A new member's first seat runs this many years.
FIRST_TERM_YEARS = 3


def _on_domain(address: str, domains: set[str]) -> bool:
    host = address.rsplit("@", 1)[-1].lower()
    return any(host == domain or host.endswith("." + domain) for domain in domains)


def _check_applicant(actor: User, domains: set[str]) -> None:
    verified = list(
        EmailAddress.objects.filter(user=actor, verified=True).values_list("email", flat=True)
    )
    if not verified:
        raise ApplicationError(_("Verify your e-mail address before you apply."))
    if not any(_on_domain(address, domains) for address in verified):
        raise ApplicationError(
            _(
                "Apply from a verified address on one of the institution's e-mail domains: "
                "it shows that you belong to it."
            ),
            errors={"domains": [_("None of your verified addresses is on these domains.")]},
        )
    profile = Profile.objects.filter(user=actor).select_related("institution").first()
    if profile is not None and profile.institution_id is not None:
        raise ApplicationError(
            _(
                "You are affiliated with %(institution)s. Applicants represent the institution "
                "they apply for; leave your current affiliation first."
            )
            % {"institution": profile.institution}
        )
    pending = Case.objects.filter(
        submitter=actor, kind=Case.Kind.MEMBERSHIP, status__in=Case.OPEN_STATUSES
    )
    if pending.exists():
        raise ApplicationError(
            _("You already have a membership application under review. Withdraw it first.")
        )


def membership_application_submit(
    *,
    actor: User,
    name: str,
    kind: str,
    country: str,
    domains: Iterable[str],
    applicant_role: str,
    motivation: str,
    short_name: str = "",
    website: str = "",
    ror_id: str = "",
    expertise: Iterable[ExpertiseArea] = (),
    applicant_name: str = "",
) -> MembershipApplication:
    """A verified person applies for an institution to join; a membership case opens.

    Guarantees: the applicant has a verified address on one of the institution's e-mail
    domains and no other affiliation; they have a name (an account without one gives it
    here, `applicant_name`), so that the case, its audit trail and the chair's notice say
    who applies; the institution is created as an applicant with those domains; the case
    involves the institution; all or nothing.
    """
    if not given_name(actor) and not applicant_name.strip():
        raise ApplicationError(
            _("Give your name: the committee needs to know who applies."),
            errors={"applicant_name": [_("Give the name people know you by.")]},
        )
    wanted = {normalise_domain(d) for d in domains if d.strip()}
    if not wanted:
        raise ApplicationError(
            _("Give at least one e-mail domain of the institution."),
            errors={"domains": [_("e.g. lab.example.org")]},
        )
    _check_applicant(actor, wanted)
    with transaction.atomic():
        if not given_name(actor):
            members.user_name_give(user=actor, full_name=applicant_name, actor=actor)
        institution = members.institution_create(
            actor=None,  # the system, on the applicant's behalf: an applicant is no staff
            name=name,
            kind=kind,
            country=country,
            short_name=short_name,
            website=website,
            ror_id=ror_id,
            domains=sorted(wanted),
            status=Institution.Status.APPLICANT,
        )
        application = MembershipApplication(
            institution=institution,
            applicant=actor,
            applicant_role=applicant_role.strip(),
            motivation=motivation.strip(),
        )
        validated(application, exclude=["institution", "applicant"])
        application.save()
        case_submit(
            subject=application, actor=actor, institutions=[institution], expertise=expertise
        )
    return application


def _term_end(start: date) -> date:
    try:
        return start.replace(year=start.year + FIRST_TERM_YEARS)
    except ValueError:  # 29 February
        return start.replace(year=start.year + FIRST_TERM_YEARS, day=28)


def _affiliate_applicant(application: MembershipApplication) -> None:
    """The applicant's verified address on the institution's domain affiliates them, as it
    would anyone's (members' own rule, not a copy of it)."""
    addresses = EmailAddress.objects.filter(user=application.applicant, verified=True)
    for address in addresses.order_by("-primary", "pk"):
        if members.affiliation_by_verified_email(email_address=address) is not None:
            return


def membership_application_apply_decision(
    application: MembershipApplication, decision: Decision
) -> None:
    """Runs inside decision_record()'s transaction.

    Approved: the institution becomes a member (joined today), the applicant is affiliated
    through their verified address, gets the institution's seat and becomes its
    representative. Rejected: the institution is closed (withdrawn); the application, the
    case and the decision stay as the record. Revision requested: nothing changes yet.
    """
    institution = application.institution
    if decision.outcome == Decision.Outcome.APPROVED:
        members.institution_status_change(
            institution=institution, status=Institution.Status.MEMBER, actor=None
        )
        institution.refresh_from_db()
        _affiliate_applicant(application)
        today = timezone.localdate()
        seat_create(
            institution=institution,
            representative=application.applicant,
            role=Seat.Role.MEMBER,
            term_start=today,
            term_end=_term_end(today),
            actor=decision.decided_by,
            decision=decision,
        )
    elif decision.outcome == Decision.Outcome.REJECTED:
        members.institution_status_change(
            institution=institution, status=Institution.Status.WITHDRAWN, actor=None
        )


def membership_application_apply_withdrawal(application: MembershipApplication, case: Case) -> None:
    """The applicant withdrew: the institution, never a member, is closed."""
    members.institution_status_change(
        institution=application.institution, status=Institution.Status.WITHDRAWN, actor=None
    )
