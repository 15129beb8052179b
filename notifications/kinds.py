"""The registry of notification kinds.

Each app declares its kinds once, in `<app>/notices.py`, with `register(...)`, and passes the
returned `Kind` to `notify()`. A kind that was never declared cannot be named, so a typo is an
ImportError when the module loads, not a failure at send time; declaring a key twice is an
error too. The preferences page lists every registered kind.

A kind's title and template are put into words each time a notice is shown, in the
reader's language (see notifications/rendering.py): its context holds data, not words.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Delivery(models.TextChoices):
    IMMEDIATELY = "immediately", _("E-mail immediately")
    DIGEST = "digest", _("Daily digest")
    OFF = "off", _("In the portal only")


@dataclass(frozen=True)
class Kind:
    key: str
    label: Promise
    description: Promise
    default_delivery: Delivery
    # A format string over the notify() context, e.g. _("{institution} confirmed you").
    title: Promise
    # Template of the notice's text, rendered with the notify() context.
    body_template: str
    # Turns the stored context into what the title and template show, when the notice is
    # read and in the reader's language: e.g. a choice's value into its label.
    present: Callable[[dict[str, Any]], dict[str, Any]] | None = None

    def __str__(self) -> str:
        return self.key


_KINDS: dict[str, Kind] = {}


def register(
    key: str,
    *,
    label: Promise,
    description: Promise,
    title: Promise,
    body_template: str,
    default_delivery: Delivery = Delivery.IMMEDIATELY,
    present: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> Kind:
    if key in _KINDS:
        raise ValueError(f"Notification kind {key!r} is declared twice.")
    kind = Kind(key, label, description, default_delivery, title, body_template, present)
    _KINDS[key] = kind
    return kind


def get(key: str) -> Kind:
    return _KINDS[key]


def get_or_none(key: str) -> Kind | None:
    """The kind of a stored notice, or None if its kind has since been removed."""
    return _KINDS.get(key)


def is_registered(kind: object) -> bool:
    return isinstance(kind, Kind) and _KINDS.get(kind.key) is kind


def all_kinds() -> list[Kind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.key)
