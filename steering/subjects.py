"""The subject protocol: what steering asks of the thing a case is about.

steering imports no domain app. An app whose objects go before the committee registers its
model for a case kind, once (in its AppConfig.ready), and its model implements `Subject`:

- `case_name()`: what the case is about, in no language (e.g. the institution's name); the
  case's title is composed from it and the kind when shown, in the reader's language;
- `case_template`: a template included on the case page, with the object as `subject`;
- `apply_decision(decision)`: called by decision_record() inside the decision's own
  transaction; raising an ApplicationError there refuses the decision, nothing is saved;
- optionally `apply_withdrawal(case)`: called, in its transaction, when the submitter
  withdraws the case.
"""

from typing import Protocol, runtime_checkable

from django.db import models


@runtime_checkable
class Subject(Protocol):
    case_template: str

    def case_name(self) -> str: ...

    def apply_decision(self, decision) -> None: ...


_MODELS: dict[str, type[models.Model]] = {}


def register_subject(kind: str, model: type[models.Model]) -> None:
    """Declare that cases of `kind` are about instances of `model`."""
    from steering.models import Case

    if kind not in Case.Kind.values:
        raise ValueError(f"Unknown case kind {kind!r}; add it to Case.Kind first.")
    if kind in _MODELS and _MODELS[kind] is not model:
        raise ValueError(f"Case kind {kind!r} is registered twice.")
    for method in ("case_name", "apply_decision"):
        if not callable(getattr(model, method, None)):
            raise TypeError(f"{model.__name__} does not implement {method}().")
    if not getattr(model, "case_template", ""):
        raise TypeError(f"{model.__name__} has no case_template.")
    _MODELS[kind] = model


def kind_of(subject: object) -> str | None:
    """The registered kind of this subject, or None."""
    for kind, model in _MODELS.items():
        if isinstance(subject, model):
            return kind
    return None


def registered_kinds() -> list[str]:
    return sorted(_MODELS)
