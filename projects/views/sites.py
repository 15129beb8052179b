"""Sites and their resources: public pages (what a site offers, and how much of it is
granted per period in total, never per project)."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from projects import allocation_selectors as selectors
from projects.allocation_rules import today_utc
from tpc_portal.second_factor import is_staff

SITES_PER_PAGE = 50


@require_safe
def sites(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.sites_listed(), SITES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "projects/allocations/site_list.html", {"page": page})


@require_safe
def site(request: HttpRequest, slug: str) -> HttpResponse:
    found = selectors.site_detail(slug)
    if found is None:
        raise Http404
    return render(
        request,
        "projects/allocations/site_detail.html",
        {
            "site": found,
            "capacity": selectors.site_capacity(found, today=today_utc(timezone.now())),
            # Only staff may open the keys page (staff_required): only they are shown the way.
            "can_manage_keys": is_staff(request.user),
        },
    )
