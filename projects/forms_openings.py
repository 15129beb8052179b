"""Forms of openings and subscriptions to them: they parse and show input; services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.forms import Form
from members.selectors import expertise_areas
from projects.models import Opening

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OpeningForm(Form):
    position = forms.ChoiceField(label=_("Position"), choices=Opening.Position.choices)
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("e.g. Postdoc in climate emulation with diffusion models"),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("The work, what you look for, and how to apply."),
    )
    deadline = forms.DateField(
        label=_("Apply by"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Leave empty while you take applications until the position is filled."),
    )

    @classmethod
    def of(cls, opening: Opening, data=None) -> "OpeningForm":
        """The form filled in with an opening, to change it."""
        return cls(
            data,
            initial={
                "position": opening.position,
                "title": opening.title,
                "description": opening.description,
                "deadline": opening.deadline,
            },
        )


class OpeningSubscriptionForm(Form):
    positions = forms.MultipleChoiceField(
        label=_("Positions"),
        choices=Opening.Position.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("In these areas"),
        queryset=expertise_areas(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: every area."),
    )
