"""A partner site's API keys, for staff with a second factor: the list, a new key shown
once on the page that made it (never again, not cached), and revoking."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from projects.models import Site, SiteKey
from projects.services.site_keys import site_key_create, site_key_revoke
from projects.site_key_forms import SiteKeyForm
from projects.usage_selectors import site_keys_of
from tpc_portal.errors import ApplicationError, show_error
from tpc_portal.second_factor import staff_required


@staff_required
@require_http_methods(["GET", "POST"])
def site_keys(request: HttpRequest, slug: str) -> HttpResponse:
    site = get_object_or_404(Site, slug=slug)
    form = SiteKeyForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _key, new_key = site_key_create(
                actor=request.user,
                site=site,
                name=form.cleaned_data["name"],
                expiry=form.expires_at(),
            )
        except ApplicationError as error:
            show_error(form, error)
        else:
            form = SiteKeyForm()
    context = {"site": site, "keys": site_keys_of(site), "form": form, "new_key": new_key}
    response = render(
        request, "projects/allocations/site_keys.html", context, status=400 if form.errors else 200
    )
    if new_key:
        # The page that shows a key is kept by no cache and no browser history.
        response["Cache-Control"] = "no-store"
    return response


@staff_required
@require_POST
def site_key_revoke_view(request: HttpRequest, slug: str, prefix: str) -> HttpResponse:
    key = get_object_or_404(SiteKey.objects.select_related("site"), site__slug=slug, prefix=prefix)
    site_key_revoke(actor=request.user, key=key)
    messages.success(request, _("The key %(prefix)s… is revoked.") % {"prefix": key.prefix})
    return redirect("projects:site_keys", slug=slug)
