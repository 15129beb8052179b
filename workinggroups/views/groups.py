"""The groups' pages: the list, proposing a group, a group's page, its members page (for
its leads) and its edit page, and one POST view per membership service.

Each POST view refuses the way every page does (tpc_portal/refusals.py): the page it came
from again, status 400, the reason in the message area and beside the form.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from members.membership import is_confirmed_member
from tpc_portal.refusals import perform
from workinggroups import selectors
from workinggroups.filters import GroupFilter
from workinggroups.forms.groups import (
    ActionForm,
    DeclineForm,
    GroupEditForm,
    GroupProposeForm,
    JoinForm,
)
from workinggroups.models import Membership, WorkingGroup
from workinggroups.permissions import (
    access_group,
    can_join,
    can_manage_group,
    can_see_member_parts,
)
from workinggroups.services import groups as group_services
from workinggroups.services import membership as membership_services

GROUPS_PER_PAGE = 50


# --- The list and proposing -------------------------------------------------------------------


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Public: the active groups (closed ones by the filter), the viewer's own first."""
    data = request.GET.copy()
    data.setdefault("status", WorkingGroup.Status.ACTIVE)
    filterset = GroupFilter(data, queryset=selectors.groups_listed_for(request.user))
    page = Paginator(filterset.qs, GROUPS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "workinggroups/group_list.html",
        {
            "page": page,
            "form": filterset.form,
            "proposals": selectors.groups_proposed_by(request.user),
            "can_propose": is_confirmed_member(request.user),
            "requests_waiting": selectors.join_requests_waiting_for(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest) -> HttpResponse:
    """A confirmed member proposes a group; the steering committee decides on its charter."""
    if not is_confirmed_member(request.user):
        raise PermissionDenied(_("Confirmed members of the consortium propose working groups."))
    form = GroupProposeForm(request.POST if request.method == "POST" else None)
    proposed: list[WorkingGroup] = []
    done = request.method == "POST" and perform(
        request,
        form,
        lambda data: proposed.append(
            group_services.working_group_propose(actor=request.user, **data)
        ),
    )
    if done:
        messages.success(
            request,
            _("Your proposal is with the steering committee. You will hear of its decision."),
        )
        return redirect("workinggroups:group", proposed[0].slug)
    return render(
        request,
        "workinggroups/group_propose.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


# --- A group's page ---------------------------------------------------------------------------


def group_page(
    request: HttpRequest, group: WorkingGroup, *, status: int = 200, **forms: Any
) -> HttpResponse:
    """The group's page; a refused form comes back in `forms`, with its errors."""
    user = request.user
    page = selectors.group_page_for(user, group)
    return render(
        request,
        "workinggroups/group_detail.html",
        {
            "page": page,
            "group": page.group,
            "member_parts": can_see_member_parts(user, group),
            "can_manage": can_manage_group(user, group),
            "can_join": can_join(user, group),
            "join_form": forms.get("join_form") or JoinForm(),
            "decline_form": DeclineForm(),
        },
        status=status,
    )


@require_safe
def group(request: HttpRequest, slug: str) -> HttpResponse:
    """Public for a chartered group; a proposal for its proposer and staff only."""
    return group_page(request, access_group(request.user, slug))


@login_required
@require_POST
def join(request: HttpRequest, slug: str) -> HttpResponse:
    group = access_group(request.user, slug)
    form = JoinForm(request.POST)
    joined: list[Membership] = []
    done = perform(
        request,
        form,
        lambda data: joined.append(
            membership_services.membership_join(
                group=group, actor=request.user, message=data["message"]
            )
        ),
    )
    if not done:
        return group_page(request, group, join_form=form, status=400)
    if joined[0].status == Membership.Status.PENDING:
        messages.success(request, _("Your request is sent to the group's leads."))
    else:
        messages.success(request, _("Welcome to %(group)s.") % {"group": group.name})
    return redirect("workinggroups:group", group.slug)


@login_required
@require_POST
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    group = access_group(request.user, slug)
    done = perform(
        request,
        ActionForm(request.POST),
        lambda data: membership_services.membership_leave(group=group, actor=request.user),
    )
    if not done:
        return group_page(request, group, status=400)
    messages.success(request, _("You are no longer in %(group)s.") % {"group": group.name})
    return redirect("workinggroups:group", group.slug)


# --- Running the group: its leads (and staff with a second factor) ----------------------------


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    group = access_group(request.user, slug, manage=True)
    form = GroupEditForm.for_group(group, request.POST if request.method == "POST" else None)
    done = request.method == "POST" and perform(
        request,
        form,
        lambda data: group_services.working_group_update(group=group, actor=request.user, **data),
    )
    if done:
        messages.success(request, _("The group's page is updated."))
        return redirect("workinggroups:group", group.slug)
    return _edit_page(request, group, form, status=400 if request.method == "POST" else 200)


def _edit_page(
    request: HttpRequest, group: WorkingGroup, form: GroupEditForm, *, status: int
) -> HttpResponse:
    return render(
        request, "workinggroups/group_edit.html", {"group": group, "form": form}, status=status
    )


@login_required
@require_POST
def close(request: HttpRequest, slug: str) -> HttpResponse:
    group = access_group(request.user, slug, manage=True)
    done = perform(
        request,
        ActionForm(request.POST),
        lambda data: group_services.working_group_close(group=group, actor=request.user),
    )
    if not done:
        return _edit_page(request, group, GroupEditForm.for_group(group), status=400)
    messages.success(request, _("%(group)s is closed.") % {"group": group.name})
    return redirect("workinggroups:group", group.slug)


def members_page(
    request: HttpRequest, group: WorkingGroup, *, status: int = 200, **forms: Any
) -> HttpResponse:
    memberships = list(selectors.group_memberships(group))
    return render(
        request,
        "workinggroups/group_members.html",
        {
            "group": group,
            "requests": [m for m in memberships if m.status == Membership.Status.PENDING],
            "members": [m for m in memberships if m.status == Membership.Status.ACTIVE],
            "decline_form": forms.get("decline_form") or DeclineForm(),
        },
        status=status,
    )


@login_required
@require_safe
def members(request: HttpRequest, slug: str) -> HttpResponse:
    """The leads' page: requests to join, members and leads, each with what may be done."""
    return members_page(request, access_group(request.user, slug, manage=True))


def _on_membership(
    request: HttpRequest,
    slug: str,
    pk: int,
    act: Callable[[Membership, dict[str, Any]], object],
    done_message: str | Promise,
    form_class: type = ActionForm,
) -> HttpResponse:
    """A lead's action on one person's membership, from the members page."""
    group = access_group(request.user, slug, manage=True)
    membership = group.memberships.select_related("user__profile").filter(pk=pk).first()
    form = form_class(request.POST)

    def run(data: dict[str, Any]) -> object:
        if membership is None:
            raise membership_services.membership_gone()
        return act(membership, data)

    if not perform(request, form, run):
        extra = {"decline_form": form} if form_class is DeclineForm else {}
        return members_page(request, group, status=400, **extra)
    assert membership is not None  # noqa: S101 - run() refused otherwise
    messages.success(request, done_message % {"person": membership.user})
    return redirect("workinggroups:members", group.slug)


def _membership_action(service: Callable[..., object], done: str, *, fields: tuple[str, ...] = ()):
    """The view of one lead's action on a membership: `service(membership=, actor=, and
    the form's `fields`)`, then `done` said on the members page."""

    @login_required
    @require_POST
    def view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
        def act(membership: Membership, data: dict[str, Any]) -> object:
            given = {name: data[name] for name in fields}
            return service(membership=membership, actor=request.user, **given)

        form_class = DeclineForm if fields else ActionForm
        return _on_membership(request, slug, pk, act, done, form_class=form_class)

    return view


approve = _membership_action(
    membership_services.membership_approve, gettext_lazy("%(person)s is now a member.")
)
decline = _membership_action(
    membership_services.membership_decline,
    gettext_lazy("The request of %(person)s is declined."),
    fields=("reason",),
)
remove = _membership_action(
    membership_services.membership_remove,
    gettext_lazy("%(person)s is no longer in the group."),
)
lead_add = _membership_action(
    membership_services.lead_add, gettext_lazy("%(person)s is now a lead.")
)
lead_remove = _membership_action(
    membership_services.lead_remove, gettext_lazy("%(person)s is no longer a lead.")
)
