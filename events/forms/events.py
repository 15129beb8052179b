"""Forms of an event, its registration questions and the organisers' actions on it.

Times are typed as a day and a wall-clock time IN THE EVENT'S ZONE (the form's own
time-zone field), never in the reader's active zone: each is a day field and a time field
that Django does not convert, turned into a moment in `clean()`.
"""

from datetime import UTC, datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from events.models import Event, Question
from members.selectors import institutions_public
from tpc_portal.timezones import time_zone_choices, zone_named
from workinggroups.selectors import groups_public

# The fields typed as a day and a time in the event's zone.
MOMENTS = ("start", "end", "registration_opens", "registration_closes", "cap_until")


class LocalDateTimeField(forms.SplitDateTimeField):
    """A day and a time, each its own labelled input, as a naive wall-clock time: the form
    places it in the event's zone (Django's own would use the reader's)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", {"required": _("Give both the day and the time.")})
        kwargs.setdefault(
            "widget",
            forms.SplitDateTimeWidget(
                date_attrs={"type": "date", "aria-label": str(_("Day"))},
                time_attrs={"type": "time", "aria-label": str(_("Time"))},
                date_format="%Y-%m-%d",
                time_format="%H:%M",
            ),
        )
        super().__init__(**kwargs)

    def compress(self, data_list: Any) -> datetime | None:
        if not data_list:
            return None
        day, at = data_list
        if day in self.empty_values or at in self.empty_values:
            raise ValidationError(_("Give both the day and the time."), code="incomplete")
        return datetime.combine(day, at.replace(tzinfo=None, fold=0))


class EventForm(forms.ModelForm):
    """An event as its organisers write it; the capacity is only asked when creating (it
    changes later through its own form, which guards lowering it)."""

    start = LocalDateTimeField(label=_("Starts"))
    end = LocalDateTimeField(label=_("Ends"))
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=time_zone_choices,
        help_text=_("The times of this form are in this zone, whatever your own is."),
    )
    registration_opens = LocalDateTimeField(
        label=_("Registration opens"), required=False, help_text=_("Leave empty to open it now.")
    )
    registration_closes = LocalDateTimeField(
        label=_("Registration closes"),
        required=False,
        help_text=Event._meta.get_field("registration_closes").help_text,
    )
    cap_until = LocalDateTimeField(label=_("Places per institution until"), required=False)

    class Meta:
        model = Event
        fields = [
            "title", "slug", "kind", "description", "start", "end", "time_zone", "format",
            "venue", "online_link", "capacity", "audience", "mode", "registration_opens",
            "registration_closes", "institution_cap", "cap_until", "group", "institution",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "format": forms.RadioSelect,
            "audience": forms.RadioSelect,
            "mode": forms.RadioSelect,
        }

    def __init__(self, *args: Any, event: Event | None = None, **kwargs: Any) -> None:
        if event is not None:
            kwargs["instance"] = event
            kwargs.setdefault("initial", {}).update(_local_times(event))
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _(
            "Optional, e.g. hackathon-2027: the event's page is then /events/hackathon-2027/."
        )
        self.fields["online_link"].assume_scheme = "https"  # type: ignore[attr-defined]
        self.fields["group"].queryset = groups_public()  # type: ignore[attr-defined]
        self.fields["institution"].queryset = institutions_public()  # type: ignore[attr-defined]
        if event is not None:
            # An event keeps its address; its places change through their own form.
            del self.fields["slug"]
            del self.fields["capacity"]

    def _post_clean(self) -> None:
        """The model's rules are the services' to apply (they answer with field errors)."""

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        zone = zone_named(cleaned.get("time_zone"))
        for name in MOMENTS:
            value = cleaned.get(name)
            if isinstance(value, datetime) and zone is not None:
                cleaned[name] = value.replace(tzinfo=zone).astimezone(UTC)
        if cleaned.get("registration_opens") is None:
            cleaned.pop("registration_opens", None)  # now, the model's default
        return cleaned

    def service_data(self) -> dict[str, Any]:
        """The cleaned values as event_create and event_update take them."""
        return {name: value for name, value in self.cleaned_data.items() if name in self.fields}


def _local_times(event: Event) -> dict[str, Any]:
    """The event's times as wall-clock times in its own zone, for the form to show."""
    zone = zone_named(event.time_zone) or UTC
    return {
        name: getattr(event, name).astimezone(zone).replace(tzinfo=None)
        for name in MOMENTS
        if getattr(event, name) is not None
    }


class QuestionForm(forms.Form):
    """One registration question; a row left without a question is dropped."""

    label = forms.CharField(
        label=_("Question"), max_length=300, required=False, help_text=_("Leave empty to remove.")
    )
    kind = forms.ChoiceField(
        label=_("Kind of answer"), choices=Question.Kind.choices, initial=Question.Kind.TEXT
    )
    choices = forms.CharField(
        label=_("Answers to choose from"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line (for a choice)."),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if cleaned.get("label"):
            question = Question(kind=cleaned.get("kind", ""), choices=cleaned.get("choices", ""))
            try:
                question.clean()  # the model's one rule for a choice's answers
            except ValidationError as error:
                for name, errors in error.message_dict.items():
                    for message in errors:
                        self.add_error(name, message)
        return cleaned


QuestionFormSet = forms.formset_factory(QuestionForm, extra=2, max_num=20, validate_max=True)


def questions_formset(event: Event | None = None, data: Any = None) -> Any:
    initial = [
        {"label": q.label, "kind": q.kind, "choices": q.choices, "required": q.required}
        for q in (event.questions.all() if event is not None else [])
    ]
    return QuestionFormSet(data, initial=initial, prefix="questions")


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(
        label=_("Places"),
        min_value=0,
        required=False,
        help_text=Event._meta.get_field("capacity").help_text,
    )
    confirm = forms.BooleanField(
        label=_("Yes, lower the number of places below the number registered"),
        required=False,
    )


class _OnSharedPage(forms.Form):
    """A form on a page with others: its ids start with its own prefix (`id_message` would
    otherwise name two fields)."""

    id_prefix = "id"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class CancelEventForm(_OnSharedPage):
    id_prefix = "cancel"

    message = forms.CharField(
        label=_("Message to everyone registered, waiting or applying (optional)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class MessageForm(_OnSharedPage):
    id_prefix = "message"

    message = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    waitlist = forms.BooleanField(label=_("Also to the people on the waitlist"), required=False)
