from django import template

register = template.Library()


@register.filter
def expertise_groups(bound_field) -> list[tuple[str, list]]:
    """A check-box field of expertise areas, grouped like the taxonomy (methods, systems,
    science domains); the choices already come in taxonomy order."""
    groups: dict[str, list] = {}
    for checkbox in bound_field:
        area = checkbox.data["value"].instance
        groups.setdefault(area.get_group_display(), []).append(checkbox)
    return list(groups.items())
