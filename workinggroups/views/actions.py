"""Action items: mine across every group, a new one, done and reopened, changed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from members.models import User
from tpc_portal.errors import ApplicationError
from tpc_portal.refusals import perform, refuse
from workinggroups import selectors
from workinggroups.models import ActionItem, Membership
from workinggroups.permissions import (
    access_action_item,
    access_group,
    can_manage_group,
    is_group_member,
)
from workinggroups.record_filters import ActionItemFilter
from workinggroups.record_forms import ActionItemEditForm, ActionItemForm
from workinggroups.services.actions import (
    action_item_create,
    action_item_done,
    action_item_reopen,
    action_item_update,
)
from workinggroups.services.record_common import local_today

ITEMS_PER_PAGE = 50


@login_required
@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    """My action items across all my groups: open ones first, by due day."""
    filterset = ActionItemFilter(
        request.GET or None, queryset=selectors.action_items_of(request.user)
    )
    status = filterset.form.cleaned_data.get("status") if filterset.is_valid() else ""
    page = Paginator(filterset.qs, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "workinggroups/action_items_mine.html",
        {
            "page": page,
            "status": status,
            "statuses": ActionItem.Status.choices,
            "today": local_today(request.user),
        },
    )


def _members(group_id: int):
    return (
        User.objects.filter(
            group_memberships__group_id=group_id,
            group_memberships__status=Membership.Status.ACTIVE,
            is_active=True,
        )
        .select_related("profile")
        .order_by("profile__display_name", "full_name")
    )


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


@login_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest, slug: str) -> HttpResponse:
    """A new action item: a lead gives one to any member, a member records their own.
    `?meeting=<id>` names the meeting it comes from."""
    group = access_group(request.user, slug)
    is_lead = can_manage_group(request.user, group)
    if not (is_lead or is_group_member(request.user, group)):
        raise PermissionDenied
    members = _members(group.pk) if is_lead else _members(group.pk).filter(pk=request.user.pk)
    meetings = group.meetings.order_by("-start")
    initial = {"owner": request.user.pk, "meeting": request.GET.get("meeting") or None}
    form = ActionItemForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        members=members,
        meetings=meetings,
    )
    created = request.method == "POST" and perform(
        request,
        form,
        lambda data: action_item_create(
            actor=request.user,
            group=group,
            owner=data["owner"],
            text=data["text"],
            due=data["due"],
            meeting=data["meeting"],
        ),
    )
    if created:
        messages.success(request, _("The action item is recorded."))
        meeting = form.cleaned_data["meeting"]
        if meeting is not None:
            return redirect("workinggroups:minutes", group.slug, meeting.pk)
        return redirect("workinggroups:action_items_mine")
    return render(
        request,
        "workinggroups/action_item_form.html",
        {"group": group, "form": form, "is_lead": is_lead},
        status=400 if request.method == "POST" else 200,
    )


def _close(request: HttpRequest, slug: str, pk: int, step, done: str) -> HttpResponse:
    item = access_action_item(request.user, slug, pk)
    try:
        step(actor=request.user, item=item)
    except ApplicationError as error:
        refuse(request, None, error)
    else:
        messages.success(request, done)
    return _back(request, "workinggroups:action_items_mine")


@login_required
@require_POST
def done(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _close(request, slug, pk, action_item_done, _("The action item is done."))


@login_required
@require_POST
def reopen(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _close(request, slug, pk, action_item_reopen, _("The action item is open again."))


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Change an item: a lead anything, its owner the text and due day."""
    item = access_action_item(request.user, slug, pk)
    is_lead = can_manage_group(request.user, item.group_id)
    form = ActionItemEditForm(
        request.POST if request.method == "POST" else None,
        initial={"text": item.text, "due": item.due, "owner": item.owner_id},
        members=_members(item.group_id),
        can_reassign=is_lead,
    )
    changed = request.method == "POST" and perform(
        request,
        form,
        lambda data: action_item_update(
            actor=request.user,
            item=item,
            text=data["text"],
            due=data["due"],
            owner=data.get("owner"),
        ),
    )
    if changed:
        messages.success(request, _("The action item is changed."))
        return redirect("workinggroups:action_items_mine")
    return render(
        request,
        "workinggroups/action_item_edit.html",
        {"group": item.group, "item": item, "form": form},
        status=400 if request.method == "POST" else 200,
    )
