"""{% load projects_tags %}: the committee's view of a project, for the case page.

{% proposal_on_case subject case seat as view %}  → selectors.ProposalOnCase
"""

from typing import Any

from django import template

from projects.models import Project
from projects.proposal_selectors import ProposalOnCase, proposal_on_case

register = template.Library()


@register.simple_tag
def proposal_on_case_of(project: Project, case: Any = None, seat: Any = None) -> ProposalOnCase:
    """The version last submitted and what changed since the one the viewer's seat
    reviewed (or the previous one); `case` and `seat` as the case page has them."""
    return proposal_on_case(project, case=case or None, seat=seat or None)
