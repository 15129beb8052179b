"""Forms of registering (the event's questions as fields), and the small forms of the
organisers' buttons and the check-in search."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Event, Question, Registration

ANSWER_MAX = 2000
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _answer_field(question: Question) -> forms.Field:
    common: dict[str, Any] = {"label": question.label, "required": question.required}
    if question.kind == Question.Kind.CHOICE:
        options = [(option, option) for option in question.options]
        return forms.ChoiceField(choices=options, widget=forms.RadioSelect, **common)
    if question.kind == Question.Kind.YES_NO:
        return forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, **common)
    return forms.CharField(
        max_length=ANSWER_MAX, widget=forms.Textarea(attrs={"rows": 3}), **common
    )


def answer_text(question: Question, value: str) -> str:
    """An answer as the organisers read it: "Yes" rather than the stored "yes"."""
    if question.kind == Question.Kind.YES_NO:
        return str(dict(YES_NO).get(value, value))
    return value


class RegisterForm(forms.Form):
    """The event's questions, each a field named `q_<question id>` (as the service names
    its errors, so that a refused answer shows beside its question)."""

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(event.questions.all())
        for question in self.questions:
            self.fields[f"q_{question.pk}"] = _answer_field(question)

    def answers(self) -> dict[str, str]:
        """The answers keyed by question id (as text), as registration_create takes them."""
        return {
            str(question.pk): self.cleaned_data.get(f"q_{question.pk}") or ""
            for question in self.questions
        }


class ActionForm(forms.Form):
    """A button and nothing else: publish, close registration, cancel a registration,
    accept, decline, check in."""


class CheckInForm(forms.Form):
    """A check-in button; `q` keeps the search the organiser had typed."""

    q = forms.CharField(required=False, max_length=200)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=200)


class StatusForm(forms.Form):
    """Which registrations a list or the CSV holds: one status, or all but the cancelled."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Everyone on the lists")), *Registration.Status.choices],
    )
