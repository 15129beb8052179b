"""The draft a person is writing, as the similar-work panel and page read it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.forms import Form
from members.selectors import expertise_areas
from projects.models import Project


class SimilarWorkForm(Form):
    """The fields of the proposal form that similarity reads, by the same names, so that the
    panel can send that form's fields as they are."""

    title = forms.CharField(
        label=_("Title"), max_length=Project._meta.get_field("title").max_length, required=False
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=Project._meta.get_field("summary").max_length,
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
    expertise = forms.ModelMultipleChoiceField(
        label=_("Expertise areas"),
        queryset=expertise_areas(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A form that names areas by id (a ModelMultipleChoiceField's default) works too.
        chosen = self.data.getlist("expertise") if hasattr(self.data, "getlist") else []
        if chosen and all(str(value).isdigit() for value in chosen):
            self.fields["expertise"].to_field_name = None

    def has_draft(self) -> bool:
        """Something to compare: a title or a summary."""
        data = self.cleaned_data
        return bool(data.get("title", "").strip() or data.get("summary", "").strip())
