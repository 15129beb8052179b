"""The group's documents: the list, a new one, its file (only through here), removal."""

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from tpc_portal.refusals import perform
from workinggroups import selectors
from workinggroups.models import Document
from workinggroups.permissions import (
    access_document,
    access_group,
    can_add_document,
    can_manage_group,
    can_remove_document,
    can_see_member_parts,
)
from workinggroups.record_forms import DocumentForm
from workinggroups.services.documents import document_add, document_remove


@require_safe
def documents(request: HttpRequest, slug: str) -> HttpResponse:
    """Public: the group's public documents for everyone; its members see the members-only
    ones too, marked as such."""
    group = access_group(request.user, slug)
    return render(
        request,
        "workinggroups/documents.html",
        {
            "group": group,
            "documents": selectors.documents_visible_to(request.user, group),
            "is_member": can_see_member_parts(request.user, group),
            "can_add": can_add_document(request.user, group),
            "can_manage": can_manage_group(request.user, group),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest, slug: str) -> HttpResponse:
    group = access_group(request.user, slug)
    if not can_add_document(request.user, group):
        raise PermissionDenied
    posted = request.method == "POST"
    form = DocumentForm(request.POST if posted else None, request.FILES if posted else None)
    added = posted and perform(
        request,
        form,
        lambda data: document_add(
            actor=request.user,
            group=group,
            title=data["title"],
            version=data["version"],
            link=data["link"],
            upload=data["file"],
            visibility=data["visibility"],
        ),
    )
    if added:
        messages.success(request, _("The document is added."))
        return redirect("workinggroups:documents", group.slug)
    return render(
        request,
        "workinggroups/document_form.html",
        {"group": group, "form": form},
        status=400 if posted else 200,
    )


def _download_name(document: Document) -> str:
    extension = mimetypes.guess_extension(document.content_type.split(";")[0]) or ""
    if document.content_type.startswith("text/markdown"):
        extension = ".md"
    return f"{slugify(document.title) or 'document'}{extension}"


@require_safe
def document_file(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The document's file, to whoever may read the document: public ones to everyone,
    members-only ones to members (a visitor is asked to log in, anyone else gets 404).
    Always an attachment, with the type found at upload and nothing for the browser to
    guess or run."""
    try:
        document = access_document(request.user, slug, pk)
    except Http404:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise
    if not document.file:
        raise Http404
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=_download_name(document),
        content_type=document.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = (
        "public, max-age=300"
        if document.visibility == Document.Visibility.PUBLIC
        else "private, no-store"
    )
    return response


@login_required
@require_POST
def remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    document = access_document(request.user, slug, pk)
    if not can_remove_document(request.user, document):
        raise PermissionDenied
    document_remove(actor=request.user, document=document)
    messages.success(request, _("The document is removed."))
    return redirect("workinggroups:documents", document.group.slug)
