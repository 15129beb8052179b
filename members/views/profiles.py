from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from members import services
from members.forms import ProfileForm, TimeZoneForm
from members.permissions import (
    access_own_profile,
    access_profile,
    can_contact,
    is_confirmed_member,
    is_profile_owner,
)
from members.selectors import affiliation_pending_of, collaborators_suggested_for
from tpc_portal.errors import ApplicationError, show_error


@require_safe
def profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A researcher's page: public ones for everyone, member-only ones for members."""
    try:
        profile = access_profile(request.user, pk)
    except Http404:
        if not request.user.is_authenticated:
            # Visitors are asked to log in whether or not the profile exists.
            return redirect_to_login(request.get_full_path())
        if not is_confirmed_member(request.user):
            # The same answer for every profile such a person cannot see, whether it is
            # for members, hidden or absent: the reason, and nothing about the profile.
            raise PermissionDenied(
                _(
                    "Only confirmed members of a member institution can see researchers' "
                    "profiles that are not public. Your affiliation with a member "
                    "institution is confirmed through your e-mail address or by its "
                    "representative."
                )
            ) from None
        raise
    own = is_profile_owner(request.user, profile)
    return render(
        request,
        "members/profile_detail.html",
        {
            "profile": profile,
            "own": own,
            "can_contact": can_contact(request.user, profile),
            "suggestions": (
                collaborators_suggested_for(profile, viewer=request.user) if own else []
            ),
            "pending": affiliation_pending_of(profile) if own else None,
        },
    )


@login_required
@require_safe
def my_profile(request: HttpRequest) -> HttpResponse:
    return redirect("members:profile", pk=access_own_profile(request.user).pk)


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    profile = access_own_profile(request.user)
    form = ProfileForm(request.POST or None, initial=ProfileForm.initial_for(profile))
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(profile=profile, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("members:profile", pk=profile.pk)
    return render(request, "members/profile_edit.html", {"form": form, "profile": profile})


@login_required
@require_http_methods(["POST"])
def time_zone_default(request: HttpRequest) -> HttpResponse:
    """The browser's time zone, for a profile that has none yet (static/js/portal.js)."""
    form = TimeZoneForm(request.POST)
    if not form.is_valid():
        return JsonResponse(
            {"message": _("This is not a time zone."), "errors": form.errors}, status=400
        )
    services.profile_time_zone_default(
        user=request.user, actor=request.user, time_zone=form.cleaned_data["time_zone"]
    )
    return HttpResponse(status=204)
