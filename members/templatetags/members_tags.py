"""Form controls rendered by one template loop each: Django renders a template per
option otherwise, which made the directory's filters the slowest part of its page."""

from dataclasses import dataclass

from django import template

register = template.Library()


@dataclass(frozen=True)
class Choice:
    id: str
    value: str
    label: str
    selected: bool
    group: str = ""


@register.filter
def choices(bound_field) -> list[Choice]:
    """The field's choices, each with its element id and whether it is selected."""
    current = bound_field.value()
    if not isinstance(current, list | tuple):
        current = [] if current in (None, "") else [current]
    selected = {str(value) for value in current}
    rows = []
    for index, (value, label) in enumerate(bound_field.field.choices):
        instance = getattr(value, "instance", None)
        group = instance.get_group_display() if hasattr(instance, "get_group_display") else ""
        text = "" if value is None else str(value)
        rows.append(
            Choice(
                f"{bound_field.auto_id}_{index}",
                text,
                str(label),
                text in selected and text != "",
                group,
            )
        )
    return rows


@register.filter
def grouped(rows: list[Choice]) -> list[tuple[str, list[Choice]]]:
    """Choices of expertise areas grouped like the taxonomy (methods, systems, domains)."""
    groups: dict[str, list[Choice]] = {}
    for row in rows:
        groups.setdefault(row.group, []).append(row)
    return list(groups.items())
