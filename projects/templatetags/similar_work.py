"""`{% similar_work_for subject as items %}`: the similar work of a project, for the case
page reviewers read (steering's view renders it; the project is the case's subject)."""

from django import template
from django.contrib.auth.models import AnonymousUser

from projects.models import Project
from projects.similar_display import ShownSimilar, shown_to
from projects.similarity import SIMILARITY_THRESHOLD, similar_projects

register = template.Library()


@register.simple_tag(takes_context=True)
def similar_work_for(context: template.Context, subject: Project) -> list[ShownSimilar]:
    """The projects most similar to `subject` (never itself), as the reader may see them."""
    request = context.get("request")
    reader = getattr(request, "user", None) or context.get("user") or AnonymousUser()
    items = similar_projects(
        title=subject.title,
        summary=subject.summary,
        area_ids=[area.pk for area in subject.expertise.all()],
        exclude_id=subject.pk,
    )
    return shown_to(reader, items)


@register.simple_tag
def similarity_threshold() -> int:
    """The threshold as a percentage, as the panel's explanation states it."""
    return round(SIMILARITY_THRESHOLD * 100)
