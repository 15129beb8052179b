"""Writes of institutions: creation, e-mail domains, status."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from members import audit
from members.models import Institution, InstitutionDomain, User
from members.permissions import is_staff
from members.services.common import validated
from members.validators import normalise_domain, normalise_ror
from tpc_portal.audit import audit_record
from tpc_portal.errors import ApplicationError
from tpc_portal.people import person_name


def _require_staff(actor: User | None) -> None:
    # None: the system itself (demo data, migrations, management commands).
    if actor is not None and not is_staff(actor):
        raise PermissionDenied


def institution_create(
    *,
    actor: User | None,
    name: str,
    kind: str,
    country: str,
    short_name: str = "",
    slug: str = "",
    website: str = "",
    ror_id: str = "",
    domains: Iterable[str] = (),
    status: str = Institution.Status.APPLICANT,
    joined: date | None = None,
) -> Institution:
    """A new institution with its e-mail domains. Staff or the system only."""
    _require_staff(actor)
    institution = Institution(
        name=name.strip(),
        short_name=short_name.strip(),
        slug=slug or slugify(short_name or name)[:80],
        kind=kind,
        country=country.upper(),
        website=website,
        ror_id=normalise_ror(ror_id) if ror_id.strip() else "",
        status=status,
        joined=joined or (timezone.localdate() if status == Institution.Status.MEMBER else None),
    )
    validated(institution)
    with transaction.atomic():
        institution.save()
        institution_domains_set(institution=institution, domains=domains, actor=actor)
    return institution


def institution_domains_set(
    *, institution: Institution, domains: Iterable[str], actor: User | None
) -> list[InstitutionDomain]:
    """Replace the institution's e-mail domains; a domain belongs to one institution."""
    _require_staff(actor)
    wanted = {normalise_domain(domain) for domain in domains if domain.strip()}
    with transaction.atomic():
        institution.domains.exclude(domain__in=wanted).delete()
        existing = set(institution.domains.values_list("domain", flat=True))
        rows = [
            InstitutionDomain(institution=institution, domain=domain)
            for domain in sorted(wanted - existing)
        ]
        for row in rows:
            validated(row, exclude=["institution"])
        InstitutionDomain.objects.bulk_create(rows)
    return list(institution.domains.all())


def institution_status_change(
    *, institution: Institution, status: str, actor: User | None
) -> Institution:
    """Move an institution along its allowed transitions (Institution.STATUS_TRANSITIONS).

    Becoming a member for the first time sets the joined date. The change is in the audit
    trail (actor None: the system, e.g. on the committee's decision).
    """
    _require_staff(actor)
    with transaction.atomic():
        institution = Institution.objects.select_for_update().get(pk=institution.pk)
        if status not in Institution.STATUS_TRANSITIONS[institution.status]:
            raise ApplicationError(
                _("An institution cannot go from %(old)s to %(new)s.")
                % {
                    "old": institution.get_status_display(),
                    "new": Institution.Status(status).label,
                },
                errors={"status": [_("Not an allowed change.")]},
            )
        before = {"status": institution.status}
        institution.status = status
        if status == Institution.Status.MEMBER and institution.joined is None:
            institution.joined = timezone.localdate()
        institution.save(update_fields=["status", "joined"])
        audit_record(
            actor=actor,
            subject=institution,
            verb=audit.INSTITUTION_STATUS_CHANGED,
            before=before,
            after={"status": institution.status},
            context={"institution": institution.name},
        )
    return institution


def institution_representative_set(
    *, institution: Institution, user: User, actor: User | None
) -> None:
    """Make `user` the institution's representative, inside the caller's transaction.

    Called by the steering committee's seat services, so that the seat's representative and
    the institution's are one truth; the admin shows the field read-only for that reason. A
    change is in the audit trail.
    """
    if institution.representative_id == user.pk:
        return
    before = institution.representative if institution.representative_id else None
    Institution.objects.filter(pk=institution.pk).update(representative=user)
    institution.representative = user
    audit_record(
        actor=actor,
        subject=institution,
        verb=audit.INSTITUTION_REPRESENTATIVE_CHANGED,
        before={
            "representative": person_name(before) if before else None,
            "representative_id": before.pk if before else None,
        },
        after={"representative": person_name(user), "representative_id": user.pk},
        context={"institution": institution.name},
    )
