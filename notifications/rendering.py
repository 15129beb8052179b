"""A notice's title and text, rendered from its kind and stored context when it is read.

A notice is stored as data (its kind and the notify() context, as JSON) and put into words
in the reader's language at the moment it is shown: the inbox and the API in the language
of the request, an e-mail in its recipient's language when it is sent. So a notice created
while its recipient used the portal in English reads in Russian once they switch.

What the context may hold: JSON values (strings, numbers, booleans, None, lists, dicts with
string keys) and aware datetimes, which are stored as ISO 8601 and shown in the reader's
time zone and date format. Anything else, a lazy translation above all, is refused when
the notice is created: words that must follow the reader's language belong in the kind's
title and template (or its `present` hook), not in the context.
"""

from collections.abc import Mapping
from datetime import datetime
from enum import Enum
from typing import Any, NamedTuple

from django.template import Context, Engine
from django.utils import formats, timezone

from notifications.kinds import Kind

_DATETIME = "$datetime"


class Rendered(NamedTuple):
    title: str
    body: str


def context_for_storage(context: Mapping[str, Any]) -> dict[str, Any]:
    """The notify() context as JSON, datetimes marked so that they come back as datetimes."""
    return {str(key): _stored(value, key) for key, value in context.items()}


def _stored(value: Any, key: object) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Enum):  # e.g. a TextChoices member: its value, not its label
        return _stored(value.value, key)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, datetime):
        if timezone.is_naive(value):
            raise TypeError(f"notify() context {key!r}: a naive datetime cannot be shown.")
        return {_DATETIME: value.isoformat()}
    if isinstance(value, list | tuple):
        return [_stored(item, key) for item in value]
    if isinstance(value, Mapping):
        return {str(name): _stored(item, key) for name, item in value.items()}
    raise TypeError(
        f"notify() context {key!r} holds {type(value).__name__}: store data (e.g. a choice's "
        "value) and let the kind's title, template or present() put it into words."
    )


def _loaded(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {_DATETIME}:
            return shown_datetime(datetime.fromisoformat(value[_DATETIME]))
        return {name: _loaded(item) for name, item in value.items()}
    if isinstance(value, list):
        return [_loaded(item) for item in value]
    return value


def shown_datetime(moment: datetime) -> str:
    """A moment as notices show it: in the active time zone and language."""
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def render_notice(kind: Kind, stored: Mapping[str, Any]) -> Rendered:
    """The notice's title and text in the active language (wrap in translation.override)."""
    context = {name: _loaded(value) for name, value in stored.items()}
    if kind.present is not None:
        context = kind.present(context)
    # One line: it becomes the e-mail's Subject, and context may hold what people typed.
    title = " ".join(str(kind.title).format(**context).split())[:300]
    return Rendered(title, _render_text(kind.body_template, context))


def _render_text(template_name: str, context: Mapping[str, Any]) -> str:
    """A plain-text template: nothing HTML-escaped (the inbox and e-mails escape on output)."""
    # The Django engine's own template: its render() takes a Context, so autoescape can be off.
    template = Engine.get_default().get_template(template_name)
    return template.render(Context(dict(context), autoescape=False)).strip()
