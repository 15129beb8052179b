"""The portal's audit trail: the vocabulary of verbs, the one write, the reads, the words.

- **Verbs.** Each app declares its verbs once, in `<app>/audit.py`, with `audit_verb(...)`:
  a key (`"case.submitted"`), a label and a sentence template. The service passes the
  returned `Verb` to `audit_record()`; a verb that was never declared cannot be named, and
  declaring a key twice is an error (as with notification kinds, notifications/kinds.py).
- **The write.** `audit_record()` is called by services only, inside the transaction of the
  change it records (never from a view or a signal), so that there is no change without its
  entry and no entry without its change. Nothing updates or deletes an entry.
- **The words.** An entry stores data: status values, ISO times, names. Its verb's template
  turns it into a sentence in the reader's language when it is shown (`audit_sentence()`,
  or `{% audit_sentence entry %}` from `{% load audit %}`), with `who` (the actor as the
  portal names people, or "The portal"), `before`, `after` and `context`.

This module is part of the base: it imports no app.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from tpc_portal.models import AuditEntry
from tpc_portal.people import person_name

__all__ = [
    "AuditEntry",
    "Verb",
    "all_verbs",
    "audit_of",
    "audit_of_kind",
    "audit_record",
    "audit_sentence",
    "audit_verb",
    "label_of",
]

# --- The vocabulary ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Verb:
    key: str
    label: Promise
    # Rendered with the entry as `entry`, and `who`, `before`, `after`, `context`.
    template: str
    # What else the template shows, from the stored entry, when it is shown and in the
    # reader's language: e.g. a status value's label.
    present: Callable[[AuditEntry], Mapping[str, Any]] | None = None

    def __str__(self) -> str:
        return self.key


_VERBS: dict[str, Verb] = {}


def audit_verb(
    key: str,
    *,
    label: Promise,
    template: str,
    present: Callable[[AuditEntry], Mapping[str, Any]] | None = None,
) -> Verb:
    """Declare a verb of the audit trail, once."""
    if key in _VERBS:
        raise ValueError(f"Audit verb {key!r} is declared twice.")
    verb = Verb(key, label, template, present)
    _VERBS[key] = verb
    return verb


def verb_of(entry: AuditEntry) -> Verb | None:
    """The verb of a stored entry, or None if it has since been removed."""
    return _VERBS.get(entry.verb)


def all_verbs() -> list[Verb]:
    return sorted(_VERBS.values(), key=lambda verb: verb.key)


# --- The write --------------------------------------------------------------------------------


def audit_record(
    *,
    actor: Any,
    subject: models.Model,
    verb: Verb,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    context: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Record a change to `subject` in the audit trail, inside the caller's transaction.

    `actor` is the person who made the change, or None for the portal itself. Guarantees:
    the verb is declared; the entry is written in the same transaction as the change (a
    call outside one is a bug, refused); the entry is never changed afterwards.
    """
    if _VERBS.get(verb.key) is not verb:
        raise ValueError(f"Audit verb {verb.key!r} is not declared; use audit_verb().")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record() belongs inside the transaction of the change.")
    return AuditEntry.objects.create(
        actor=actor,
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        verb=verb.key,
        before=dict(before or {}),
        after=dict(after or {}),
        context=dict(context or {}),
    )


# --- The reads --------------------------------------------------------------------------------


def _entries() -> QuerySet[AuditEntry]:
    return AuditEntry.objects.select_related("actor__profile")


def audit_of(subject: models.Model) -> QuerySet[AuditEntry]:
    """What happened to one object, oldest first."""
    return _entries().filter(
        subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk
    )


def audit_of_kind(model: type[models.Model]) -> QuerySet[AuditEntry]:
    """What happened to every object of a model, newest first."""
    return (
        _entries()
        .filter(subject_type=ContentType.objects.get_for_model(model))
        .order_by("-at", "-id")
    )


# --- The words --------------------------------------------------------------------------------


def label_of(choices: type[models.Choices], value: Any) -> str:
    """A stored choice's label in the active language; the value itself if it is no longer
    a choice (an entry outlives its vocabulary)."""
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "")


def audit_sentence(entry: AuditEntry) -> SafeString:
    """The entry as sentences in the active language, from its stored data."""
    who = person_name(entry.actor) if entry.actor_id else _("The portal")
    verb = verb_of(entry)
    if verb is None:
        return format_html("{}", _("%(who)s made a change.") % {"who": who})
    shown = {
        "entry": entry,
        "who": who,
        "before": entry.before,
        "after": entry.after,
        "context": entry.context,
    }
    if verb.present is not None:
        shown |= verb.present(entry)
    return render_to_string(verb.template, shown)
