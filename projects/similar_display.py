"""Similar work as a reader is shown it: the whole project where they may see it, its
title and status only where they may not (a proposed project of others).

Used by the proposal form's live panel (projects/views/similar.py), its page, and the case
page reviewers read (`{% similar_work_for %}`, projects/templatetags/similar_work.py).
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from members.membership import AnyUser
from projects.models import Project
from projects.permissions import sees_whole_project
from projects.similarity import SimilarProject


@dataclass(frozen=True)
class ShownSimilar:
    item: SimilarProject
    # The reader may see the project: its page, lead institution and summary are shown.
    whole: bool
    url: str

    @property
    def project(self) -> Project:
        return self.item.project


def project_url(project: Project) -> str:
    """The project's page, or "" while the pages are not there to link to."""
    try:
        return reverse("projects:project", kwargs={"slug": project.slug})
    except NoReverseMatch:
        return ""


def shown_to(reader: AnyUser, items: list[SimilarProject]) -> list[ShownSimilar]:
    shown = []
    for item in items:
        whole = sees_whole_project(reader, item.project)
        shown.append(ShownSimilar(item, whole, project_url(item.project) if whole else ""))
    return shown
