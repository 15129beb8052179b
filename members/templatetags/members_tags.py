"""Form controls of the directory filters and its cards, written from Python.

Django renders a template per option, and even one template loop over the options made
the filters (80 institutions, 30 countries, 20 areas) cost more than the search results
beside them; format_html_join writes the same escaped markup at a fraction of the cost.
Likewise a card: included as a template, 25 of them were half of the directory page's
rendering.
"""

import html
from dataclasses import dataclass
from functools import lru_cache

from django import template
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

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


def _escape(value: object) -> str:
    """Django's escape without its check for lazy text, which costs more than escaping."""
    return html.escape(str(value))


_CHECKED = mark_safe(" checked")
_SELECTED = mark_safe(" selected")


@register.simple_tag
def checkboxes(bound_field, rows: list[Choice] | None = None, css_class: str = "") -> SafeString:
    """A list of checkboxes with labels for the field's choices (or these of them)."""
    rows = choices(bound_field) if rows is None else rows
    items = format_html_join(
        "",
        '<li><input type="checkbox" name="{}" id="{}" value="{}"{}>'
        ' <label for="{}">{}</label></li>',
        (
            (
                bound_field.html_name,
                row.id,
                row.value,
                _CHECKED if row.selected else "",
                row.id,
                row.label,
            )
            for row in rows
        ),
    )
    if css_class:
        return format_html('<ul class="{}">{}</ul>', css_class, items)
    return format_html("<ul>{}</ul>", items)


@register.simple_tag
def select(bound_field) -> SafeString:
    """A labelled drop-down of the field's choices."""
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((row.value, _SELECTED if row.selected else "", row.label) for row in choices(bound_field)),
    )
    return format_html(
        '<label for="{}">{}</label>\n<select name="{}" id="{}">{}</select>',
        bound_field.auto_id,
        bound_field.label,
        bound_field.html_name,
        bound_field.auto_id,
        options,
    )


@register.simple_tag
def search_box(bound_field) -> SafeString:
    """The field as a search box: what {{ field }} renders through its widget's templates."""
    value = bound_field.value()
    return format_html(
        '<input type="search" name="{}" id="{}"{}>',
        bound_field.html_name,
        bound_field.auto_id,
        format_html(' value="{}"', value) if value not in (None, "") else "",
    )


@register.simple_tag
def tag_list(tags: list, label: str, css_class: str = "") -> SafeString:
    """A card's expertise areas or keywords as a labelled list; nothing when there are none.

    Written from Python for the same reason as the filter controls: the template loops
    over each card's tags cost more than the rest of the card. Names are escaped by _escape.
    """
    if not tags:
        return mark_safe("")
    items = "".join(_tag_item(tag.name, css_class) for tag in tags)
    return mark_safe(f'<ul class="tags" aria-label="{_escape(label)}">{items}</ul>')  # noqa: S308


@lru_cache(maxsize=4096)
def _tag_item(name: str, css_class: str) -> str:
    # The same names recur on every page (eighteen areas, shared keywords): each item is
    # escaped and written once, not once per card.
    opening = f'<li class="tag {_escape(css_class)}">' if css_class else '<li class="tag">'
    return f"{opening}{_escape(name)}</li>"


_SOME_PK = 9876543210  # stands for the key in the one address reversed


@lru_cache(maxsize=8)
def _profile_address(resolver: object, script_prefix: str) -> str:
    # Keyed by what reverse() reads besides its arguments: the active URL resolver (a new
    # one whenever the URLconf changes) and the script prefix.
    return reverse("members:profile", args=[_SOME_PK])


@register.simple_tag
def profile_url(pk: int) -> str:
    """A profile page's address, as {% url 'members:profile' pk %} writes it, without a
    reverse() per card (a quarter of a card's cost): one address reversed, the key put in."""
    address = _profile_address(get_resolver(get_urlconf()), get_script_prefix())
    return address.replace(str(_SOME_PK), str(int(pk)))


@register.simple_tag
def profile_card(profile, why: str = "") -> SafeString:
    """A researcher's card: name (a link to the profile), title and institution, expertise
    areas and keywords, and `why` they are suggested, if they are."""
    return mark_safe(_card(profile, why, *_card_labels(get_language())))  # noqa: S308


@register.simple_tag
def profile_cards(profiles) -> SafeString:
    """A list of cards, as profile_card writes each: one tag for the list, not a template
    loop calling a tag per card (the loop cost a third of each card)."""
    labels = _card_labels(get_language())
    items = "".join(f"<li>{_card(profile, '', *labels)}</li>" for profile in profiles)
    return mark_safe(f'<ul class="cards">{items}</ul>')  # noqa: S308 - cards escape what they write


def _card(profile, why: str, areas: str, keywords: str) -> str:
    institution = profile.institution.name if profile.institution_id else ""
    affiliation = " · ".join(part for part in (profile.title, institution) if part)
    suggested = f'  <p class="why">{_escape(why)}</p>\n' if why else ""
    return (
        '<article class="profile-card">\n'
        f'  <h3><a href="{profile_url(profile.pk)}">{_escape(profile.display_name)}</a></h3>\n'
        f'  <p class="muted">{_escape(affiliation)}</p>\n'
        f"  {tag_list(profile.area_list, areas)}\n"
        f"  {tag_list(profile.keyword_list, keywords, 'tag-keyword')}\n"
        f"{suggested}</article>"
    )


@lru_cache(maxsize=8)
def _card_labels(language: str | None) -> tuple[str, str]:
    # Once per language rather than twice per card: each gettext passes every catalogue.
    return gettext("Expertise areas"), gettext("Keywords")
