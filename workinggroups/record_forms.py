"""Forms of a meeting's record (minutes, attendance), action items and documents: they
parse and show input; the services decide."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from members.models import User
from tpc_portal.people import person_name
from workinggroups.models import ActionItem, Document, Meeting, Minutes

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class Form(forms.Form):
    """Labels without Django's trailing colon, as the rest of the portal writes them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return person_name(obj)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return person_name(obj)


class MinutesForm(Form):
    text = forms.CharField(
        label=_("Minutes"),
        required=False,
        max_length=Minutes._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text=_("Markdown: # headings, **bold**, - lists, [links](https://…), tables."),
    )
    base_revision = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class AttendanceForm(Form):
    present = PeopleChoiceField(
        label=_("Who was there"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, people: list[User], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["present"]
        field.queryset = User.objects.filter(pk__in=[p.pk for p in people]).select_related(
            "profile"
        )
        # The choices in the order given (by name), read from the list: no second query.
        field.choices = [(person.pk, person_name(person)) for person in people]


class ActionItemForm(Form):
    text = forms.CharField(
        label=_("What is to be done"),
        max_length=ActionItem._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    owner = PersonChoiceField(label=_("Who does it"), queryset=User.objects.none())
    due = forms.DateField(label=_("Due"), widget=DATE_INPUT)
    meeting = forms.ModelChoiceField(
        label=_("From the meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("(none)"),
    )

    def __init__(self, *args, members, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members
        self.fields["meeting"].queryset = meetings


class ActionItemEditForm(Form):
    text = ActionItemForm.base_fields["text"]
    due = ActionItemForm.base_fields["due"]
    owner = PersonChoiceField(label=_("Who does it"), queryset=User.objects.none())

    def __init__(self, *args, members, can_reassign: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if can_reassign:
            self.fields["owner"].queryset = members
        else:
            del self.fields["owner"]


class DocumentForm(Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    version = forms.CharField(
        label=_("Version"), max_length=40, required=False, help_text=_("e.g. 1.0 or draft 2")
    )
    link = forms.URLField(
        label=_("Link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Where the document is kept, or upload a file below instead."),
    )
    file = forms.FileField(label=_("File"), required=False)
    visibility = forms.ChoiceField(
        label=_("Who may read it"),
        choices=Document.Visibility.choices,
        initial=Document.Visibility.MEMBERS,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF, ODT, DOCX or Markdown, at most %(limit)s.") % {
            "limit": filesizeformat(settings.WORKINGGROUPS_DOCUMENT_MAX_BYTES)
        }
