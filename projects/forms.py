"""Forms: they parse and show input; services decide."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Profile
from members.selectors import expertise_areas
from members.services import keywords_parse
from projects.models import Output, Project, Share, TeamMember
from projects.selectors import working_groups_to_link


class Form(forms.Form):
    """Labels without Django's trailing colon, as the rest of the portal writes them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


DIFFERS_LABEL = _("How does your project differ from similar work?")
DIFFERS_HELP = _(
    "When an existing project is very similar, say what yours does that it does not (or "
    "ask to join it instead). Required before submitting in that case."
)


class ProjectForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=Project._meta.get_field("summary").help_text,
    )
    kind = forms.ChoiceField(label=_("Kind of project"), choices=[("", "—"), *Project.Kind.choices])
    expertise = forms.ModelMultipleChoiceField(
        label=_("Expertise areas"),
        queryset=expertise_areas(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    keywords = forms.CharField(
        label=_("Keywords"),
        required=False,
        max_length=1000,
        help_text=_("Separated by commas, e.g. crystal structures, graph neural networks"),
    )
    goals = forms.CharField(
        label=_("Goals"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What the project will deliver, and when. Markdown: lists, links, emphasis."),
    )
    working_groups = forms.ModelMultipleChoiceField(
        label=_("Working groups"),
        queryset=Project.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The consortium's working groups this project belongs with."),
    )
    differs_from_similar = forms.CharField(
        label=DIFFERS_LABEL,
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=DIFFERS_HELP,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["working_groups"].queryset = working_groups_to_link()

    def clean_keywords(self) -> list[str]:
        return keywords_parse(self.cleaned_data["keywords"])

    @classmethod
    def initial_for(cls, project: Project) -> dict[str, Any]:
        return {
            "title": project.title,
            "summary": project.summary,
            "kind": project.kind,
            "expertise": [area.pk for area in project.expertise.all()],
            "keywords": ", ".join(sorted(keyword.name for keyword in project.keywords.all())),
            "goals": project.goals,
            "working_groups": [group.pk for group in project.working_groups.all()],
            "differs_from_similar": project.differs_from_similar,
        }


class SubmitForm(Form):
    differs_from_similar = forms.CharField(
        label=DIFFERS_LABEL,
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=DIFFERS_HELP,
    )
    note = forms.CharField(
        label=_("What did you change? (for the committee, when you resubmit)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MessageForm(Form):
    message = forms.CharField(
        label=_("Message to the project's PI (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, profile: Profile) -> str:
        if profile.institution is not None:
            return f"{profile.display_name} ({profile.institution.name})"
        return profile.display_name


class InviteForm(Form):
    profile = PersonChoiceField(
        label=_("Researcher"),
        queryset=Profile.objects.none(),
        help_text=_(
            "Confirmed members listed in the directory for members. A colleague who is not "
            "listed can list their profile, or ask to join once the project is active."
        ),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=TeamMember.Role.choices, initial=TeamMember.Role.MEMBER
    )
    message = forms.CharField(
        label=_("Message (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["profile"].queryset = people


class RoleForm(Form):
    role = forms.ChoiceField(label=_("Role"), choices=TeamMember.Role.choices)


class DeclineRequestForm(Form):
    reason = forms.CharField(
        label=_("Reason (optional, sent to them)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ShareForm(Form):
    what = forms.ChoiceField(label=_("What"), choices=Share.What.choices)
    description = forms.CharField(label=_("Description"), max_length=500)
    terms = forms.CharField(
        label=_("Licence or terms"),
        max_length=200,
        help_text=Share._meta.get_field("terms").help_text,
    )
    consent = forms.BooleanField(
        label=_("As the project's PI, I agree that the project shares this under these terms."),
        help_text=_("Your consent is recorded with your name and the time."),
    )


class OutputForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Output.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    url = forms.URLField(label=_("Link"), max_length=500, required=False, assume_scheme="https")
    doi = forms.CharField(
        label=_("DOI"),
        max_length=200,
        required=False,
        help_text=Output._meta.get_field("doi").help_text,
    )
