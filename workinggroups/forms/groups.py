"""Forms of groups, membership and leads."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.selectors import expertise_areas
from workinggroups.models import Membership, WorkingGroup


def _areas_field() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=_("Expertise areas"),
        queryset=expertise_areas(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "What the group works on. Leads are shown members whose expertise matches, to "
            "invite them; the committee picks reviewers who know these areas."
        ),
    )


def _mission_field() -> forms.CharField:
    return forms.CharField(
        label=_("Mission"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=WorkingGroup._meta.get_field("mission").help_text,
    )


def _policy_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Who may join"),
        choices=WorkingGroup.JoinPolicy.choices,
        widget=forms.RadioSelect,
        initial=WorkingGroup.JoinPolicy.OPEN,
    )


class GroupProposeForm(forms.Form):
    name = forms.CharField(label=_("Name of the group"), max_length=200)
    slug = forms.SlugField(
        label=_("Short name in addresses"),
        max_length=80,
        required=False,
        help_text=_("Optional, e.g. evaluation: the group's page is then /groups/evaluation/."),
    )
    mission = _mission_field()
    expertise = _areas_field()
    join_policy = _policy_field()


class GroupEditForm(forms.Form):
    mission = _mission_field()
    expertise = _areas_field()
    join_policy = _policy_field()

    @classmethod
    def for_group(cls, group: WorkingGroup, data=None) -> "GroupEditForm":
        return cls(
            data,
            initial={
                "mission": group.mission,
                "expertise": list(group.expertise.all()),
                "join_policy": group.join_policy,
            },
        )


class JoinForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the leads (optional)"),
        max_length=Membership._meta.get_field("message").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you would bring to the group, or why you want to join."),
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the person, optional)"), max_length=1000, required=False
    )


class ActionForm(forms.Form):
    """A button and nothing else: leave, approve, remove, make or unmake a lead, close."""
