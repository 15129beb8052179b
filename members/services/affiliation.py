"""Affiliation: who belongs to which institution, automatically or by confirmation."""

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.membership import forget_membership
from members.models import AffiliationRequest, Institution, Profile, User
from members.notices import AFFILIATION_CONFIRMED, AFFILIATION_DECLINED, AFFILIATION_REQUESTED
from members.permissions import (
    can_decide_affiliation,
    is_profile_owner,
    represents,
)
from members.selectors import institution_for_email
from members.services.common import validated
from members.services.profiles import profile_create
from notifications.services import notify
from tpc_portal.errors import ApplicationError
from tpc_portal.people import given_name


def _affiliate(
    *, profile: Profile, institution: Institution, via: str, actor: User | None
) -> Profile:
    """Record the affiliation, close the person's pending request, tell them."""
    profile.institution = institution
    profile.affiliated_via = via
    profile.affiliated_at = timezone.now()
    profile.save(update_fields=["institution", "affiliated_via", "affiliated_at"])
    # Pending -> withdrawn, one of STATUS_TRANSITIONS, for all of them at once.
    profile.affiliation_requests.filter(status=AffiliationRequest.Status.PENDING).update(
        status=AffiliationRequest.Status.WITHDRAWN, decided_at=timezone.now(), decided_by=actor
    )
    forget_membership(profile.user)
    notify(
        [profile.user],
        AFFILIATION_CONFIRMED,
        context={"institution": institution.name, "via": via},
        link=reverse("members:institution", args=[institution.slug]),
        actor=actor,  # None when a verified address did it
    )
    return profile


def _verified_institution(user: User) -> Institution | None:
    for address in EmailAddress.objects.filter(user=user, verified=True).order_by("-primary"):
        institution = institution_for_email(address.email)
        if institution is not None:
            return institution
    return None


def affiliation_by_verified_email(*, email_address: EmailAddress) -> Profile | None:
    """Affiliate the owner of a just-verified address on a member institution's domain.

    Does nothing for an unverified address, an address on no member's domain, or a person
    who is already affiliated (moving takes a request). Returns the affiliated profile.
    """
    if not email_address.verified:
        return None
    institution = institution_for_email(email_address.email)
    if institution is None:
        return None
    with transaction.atomic():
        profile = profile_create(user=email_address.user, actor=email_address.user)
        profile = Profile.objects.select_for_update().get(pk=profile.pk)
        if profile.institution_id is not None:
            return None
        return _affiliate(
            profile=profile, institution=institution, via=Profile.AffiliatedVia.DOMAIN, actor=None
        )


def affiliation_request(
    *, profile: Profile, institution: Institution, actor: User, message: str = ""
) -> AffiliationRequest | None:
    """Ask to be confirmed as belonging to a member institution.

    A verified address on the institution's domain confirms at once (returns None);
    otherwise the request waits for the representative (or, without one, the secretariat),
    who is notified. One pending request per person.
    """
    if not is_profile_owner(actor, profile):
        raise PermissionDenied
    if not institution.is_member:
        raise ApplicationError(
            _("Only member institutions confirm affiliations."),
            errors={"institution": [_("Choose a member institution.")]},
        )
    if profile.institution_id == institution.pk:
        raise ApplicationError(
            _("You are already affiliated with %(institution)s.") % {"institution": institution}
        )
    with transaction.atomic():
        profile = Profile.objects.select_for_update().get(pk=profile.pk)
        if _verified_institution(actor) == institution:
            _affiliate(
                profile=profile,
                institution=institution,
                via=Profile.AffiliatedVia.DOMAIN,
                actor=None,
            )
            return None
        request = AffiliationRequest(
            profile=profile, institution=institution, message=message.strip()
        )
        validated(request, exclude=["profile", "institution"])
        try:
            with transaction.atomic():
                request.save()
        except IntegrityError as error:
            raise ApplicationError(
                _("You already have a request waiting. Withdraw it to ask another institution.")
            ) from error
        deciders = (
            [institution.representative]
            if institution.representative
            else list(User.objects.filter(is_staff=True, is_active=True))
        )
        notify(
            deciders,
            AFFILIATION_REQUESTED,
            context={
                "person": given_name(profile.user),  # fallback on display
                "institution": institution.name,
                "message": request.message,
            },
            link=reverse("members:affiliation_requests"),
            actor=profile.user,
        )
    return request


def _decide(request: AffiliationRequest, actor: User) -> AffiliationRequest:
    if not can_decide_affiliation(actor, request):
        raise PermissionDenied
    request = (
        AffiliationRequest.objects.select_for_update()
        .select_related("institution", "profile__user")
        .get(pk=request.pk)
    )
    return request


def _move(request: AffiliationRequest, *, to: str, actor: User, refused: str | None = None) -> None:
    """The one way a request changes status: along AffiliationRequest.STATUS_TRANSITIONS,
    recorded with who and when; anything else is refused with `refused` (or what became
    of the request)."""
    if to not in AffiliationRequest.STATUS_TRANSITIONS.get(request.status, set()):
        raise ApplicationError(
            refused
            or _("This request was already %(status)s.")
            % {"status": request.get_status_display().lower()}
        )
    request.status = to
    request.decided_at = timezone.now()
    request.decided_by = actor
    request.save(update_fields=["status", "decided_at", "decided_by"])


def affiliation_request_confirm(*, request: AffiliationRequest, actor: User) -> AffiliationRequest:
    """The representative (or staff) confirms: the person is affiliated and notified."""
    with transaction.atomic():
        request = _decide(request, actor)
        _move(request, to=AffiliationRequest.Status.CONFIRMED, actor=actor)
        if not request.institution.is_member:  # the move is rolled back with the refusal
            raise ApplicationError(
                _("%(institution)s is not a member institution any more.")
                % {"institution": request.institution}
            )
        via = (
            Profile.AffiliatedVia.REPRESENTATIVE
            if represents(actor, request.institution)
            else Profile.AffiliatedVia.STAFF
        )
        _affiliate(profile=request.profile, institution=request.institution, via=via, actor=actor)
    return request


def affiliation_request_decline(
    *, request: AffiliationRequest, actor: User, reason: str = ""
) -> AffiliationRequest:
    """The representative (or staff) declines: the person is notified, with the reason."""
    with transaction.atomic():
        request = _decide(request, actor)
        _move(request, to=AffiliationRequest.Status.DECLINED, actor=actor)
        notify(
            [request.profile.user],
            AFFILIATION_DECLINED,
            context={"institution": request.institution.name, "reason": reason.strip()},
            link=reverse("members:affiliation"),
            actor=actor,
        )
    return request


def affiliation_request_withdraw(*, request: AffiliationRequest, actor: User) -> AffiliationRequest:
    """The person who asked takes the request back."""
    if not is_profile_owner(actor, request.profile):
        raise PermissionDenied
    with transaction.atomic():
        request = AffiliationRequest.objects.select_for_update().get(pk=request.pk)
        _move(
            request,
            to=AffiliationRequest.Status.WITHDRAWN,
            actor=actor,
            refused=_("This request is no longer waiting."),
        )
    return request


def affiliation_end(*, profile: Profile, actor: User) -> Profile:
    """The person leaves their institution (and with it, member-only access)."""
    if not is_profile_owner(actor, profile):
        raise PermissionDenied
    with transaction.atomic():
        profile = Profile.objects.select_for_update().get(pk=profile.pk)
        profile.institution = None
        profile.affiliated_via = ""
        profile.affiliated_at = None
        profile.save(update_fields=["institution", "affiliated_via", "affiliated_at"])
    forget_membership(actor)
    return profile
