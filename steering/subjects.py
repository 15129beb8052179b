"""The subject protocol: what steering asks of the thing a case is about.

steering imports no domain app. An app whose objects go before the committee registers,
once, in its AppConfig.ready(), its model for a case kind together with what the
committee's decision does to it (its services, so that no model imports a service):

    register_subject(Case.Kind.PROJECT, Project,
                     apply_decision=project_apply_decision,
                     apply_withdrawal=project_apply_withdrawal)

The model implements `Subject`:
- `case_name()`: what the case is about, in no language (e.g. the institution's name); the
  case's title is composed from it and the kind when shown, in the reader's language;
- `case_template`: a template included on the case page, with the object as `subject`.

`apply_decision(subject, decision)` is called by decision_record() inside the decision's
own transaction; raising an ApplicationError there refuses the decision, nothing is saved.
The optional `apply_withdrawal(subject, case)` is called, in its transaction, when the
submitter withdraws the case; the optional `apply_resubmission(subject, case)`, in its
transaction, when the submitter resubmits after a revision was requested (from the
committee's proposal page or the subject's own): the subject records what changed, and an
ApplicationError raised there refuses the resubmission, nothing is saved.

A decision may carry terms beyond its outcome (an allocation grants less than asked): the
optional `decision_terms` is a Django form class, made as `form(data, prefix="terms",
subject=subject)`, whose fields the chair's decision form shows. decision_record() checks
the terms with it and keeps its cleaned data, as JSON, on the Decision (`decision.terms`),
which apply_decision() reads. Kinds without it decide by outcome and rationale alone.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from django import forms
from django.db import models


@runtime_checkable
class Subject(Protocol):
    case_template: str

    def case_name(self) -> str: ...


@dataclass(frozen=True)
class SubjectKind:
    kind: str
    model: type[models.Model]
    apply_decision: Callable[[Any, Any], None]
    apply_withdrawal: Callable[[Any, Any], None] | None = None
    apply_resubmission: Callable[[Any, Any], None] | None = None
    decision_terms: type[forms.Form] | None = None


_KINDS: dict[str, SubjectKind] = {}


def register_subject(
    kind: str,
    model: type[models.Model],
    *,
    apply_decision: Callable[[Any, Any], None],
    apply_withdrawal: Callable[[Any, Any], None] | None = None,
    apply_resubmission: Callable[[Any, Any], None] | None = None,
    decision_terms: type[forms.Form] | None = None,
) -> None:
    """Declare that cases of `kind` are about instances of `model`, what their decision
    (and withdrawal, and resubmission) does, and the terms a decision on them carries, if
    any."""
    from steering.models import Case

    if kind not in Case.Kind.values:
        raise ValueError(f"Unknown case kind {kind!r}; add it to Case.Kind first.")
    if kind in _KINDS and _KINDS[kind].model is not model:
        raise ValueError(f"Case kind {kind!r} is registered twice.")
    if not callable(getattr(model, "case_name", None)):
        raise TypeError(f"{model.__name__} does not implement case_name().")
    if not getattr(model, "case_template", ""):
        raise TypeError(f"{model.__name__} has no case_template.")
    _KINDS[kind] = SubjectKind(
        kind, model, apply_decision, apply_withdrawal, apply_resubmission, decision_terms
    )


def kind_of(subject: object) -> str | None:
    """The registered kind of this subject, or None."""
    for registered in _KINDS.values():
        if isinstance(subject, registered.model):
            return registered.kind
    return None


def subject_kind(kind: str) -> SubjectKind:
    """What is registered for a kind of case (every case's kind was, to be submitted)."""
    return _KINDS[kind]


def decision_terms_form(
    case: Any, data: Mapping[str, Any] | None = None, *, prefix: str | None = "terms"
) -> forms.Form | None:
    """The form of the terms a decision on this case carries, bound to `data` when given
    (a page's POST under `prefix`, or plain values with prefix=None); None for a kind whose
    decisions carry none."""
    terms = _KINDS[case.kind].decision_terms
    if terms is None:
        return None
    return terms(data, prefix=prefix, subject=case.subject)
