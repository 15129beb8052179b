from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from members import services
from members.forms import ContactForm
from members.permissions import access_profile, can_contact
from tpc_portal.errors import ApplicationError, show_error


@login_required
@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest, pk: int) -> HttpResponse:
    """Write to a researcher; the portal relays it without showing their address."""
    profile = access_profile(request.user, pk)
    if not can_contact(request.user, profile):
        raise PermissionDenied
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_send(recipient=profile, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            show_error(form, error)
        else:
            messages.success(
                request, _("Your message to %(name)s is on its way.") % {"name": profile}
            )
            return redirect("members:profile", pk=profile.pk)
    return render(request, "members/contact.html", {"profile": profile, "form": form})
