"""Similar existing work, for proposers and reviewers.

Replaced by the similar-work engineer: `similar_projects(...)` with its scores and
`SIMILARITY_THRESHOLD`. Until then, the submit service calls the one function below.
"""

from typing import Any

from projects.models import Project


def similar_above_threshold(project: Project) -> list[Any]:
    """Existing projects similar to `project` above the threshold (each with `.score`):
    replaced by the similar-work engineer. Submitting refuses when this finds one and the
    proposer has not said how their project differs."""
    return []
