"""Forms: they parse and show input; services decide."""

from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Institution, User, country_choices
from members.selectors import expertise_areas
from steering.models import Decision, MembershipApplication, Review, Seat, Vote

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def end_of_day(day) -> datetime:
    """A date chosen in a form means until the end of that day, in the portal's time zone."""
    return timezone.make_aware(datetime.combine(day, time(23, 59)))


class MembershipApplicationForm(forms.Form):
    name = forms.CharField(label=_("Institution's name"), max_length=200)
    short_name = forms.CharField(
        label=_("Short name"), max_length=40, required=False, help_text=_("e.g. ANL, MIT")
    )
    kind = forms.ChoiceField(
        label=_("Kind of institution"), choices=[("", "—"), *Institution.Kind.choices]
    )
    country = forms.ChoiceField(label=_("Country"), choices=lambda: [("", "—"), *country_choices()])
    website = forms.URLField(label=_("Website"), required=False)
    ror_id = forms.CharField(
        label=_("ROR id"),
        max_length=60,
        required=False,
        help_text=_("Research Organization Registry id, e.g. 05gvnxz63."),
    )
    domains = forms.CharField(
        label=_("E-mail domains"),
        max_length=1000,
        help_text=_(
            "Separated by commas, e.g. lab.example.org. Your verified address must be on one "
            "of them; people with addresses on them join the institution automatically."
        ),
    )
    applicant_name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("The committee sees who applies. It becomes your name in the portal."),
    )
    applicant_role = forms.CharField(
        label=MembershipApplication._meta.get_field("applicant_role").verbose_name.capitalize(),
        max_length=200,
        help_text=MembershipApplication._meta.get_field("applicant_role").help_text,
    )
    motivation = forms.CharField(
        label=_("Motivation"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=MembershipApplication._meta.get_field("motivation").help_text,
    )
    expertise = forms.ModelMultipleChoiceField(
        label=_("The institution's areas of work"),
        queryset=expertise_areas(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The committee picks reviewers who know them."),
    )

    def __init__(self, *args, ask_name: bool = False, **kwargs):
        """`ask_name`: the applicant has no name yet (an account older than the sign-up's
        name field); otherwise the page shows the name they have."""
        super().__init__(*args, **kwargs)
        if not ask_name:
            del self.fields["applicant_name"]

    def clean_domains(self) -> list[str]:
        return [part.strip() for part in self.cleaned_data["domains"].split(",") if part.strip()]


class ReviewStartForm(forms.Form):
    review_deadline = forms.DateField(label=_("Reviews due by"), widget=DATE_INPUT)


class ReviewerAssignForm(forms.Form):
    seat = forms.ModelChoiceField(label=_("Reviewer's seat"), queryset=Seat.objects.none())

    def __init__(self, *args, seats=None, **kwargs):
        super().__init__(*args, **kwargs)
        if seats is not None:
            self.fields["seat"].queryset = seats


class ReviewForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Score"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1 (weak) to 5 (excellent)."),
    )
    recommendation = forms.ChoiceField(
        label=_("Recommendation"), choices=Review.Recommendation.choices, widget=forms.RadioSelect
    )
    comments_committee = forms.CharField(
        label=_("Comments to the committee"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    comments_proposer = forms.CharField(
        label=_("Comments to the proposer"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Sent to the proposer with the decision, without your name."),
    )


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the conflict of interest"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class BallotForm(forms.Form):
    closes_on = forms.DateField(label=_("Vote closes at the end of"), widget=DATE_INPUT)


class VoteForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("Your seat's vote"), choices=Vote.Choice.choices, widget=forms.RadioSelect
    )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=Decision.Outcome.choices, widget=forms.RadioSelect
    )
    rationale = forms.CharField(
        label=_("Rationale"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Sent to the proposer with the reviewers' comments to them."),
    )


class ResubmitForm(forms.Form):
    note = forms.CharField(
        label=_("What did you change?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class UserByEmailField(forms.EmailField):
    """A person named by their e-mail address (a select of every account would not scale)."""

    def clean(self, value):
        email = super().clean(value)
        if not email:
            return None
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError(_("Nobody has an account with this address."))
        return user


class SeatForm(forms.Form):
    institution = forms.ModelChoiceField(
        label=_("Institution"), queryset=Institution.objects.none()
    )
    representative = UserByEmailField(label=_("Representative's e-mail address"))
    alternate = UserByEmailField(label=_("Alternate's e-mail address"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Seat.Role.choices, initial=Seat.Role.MEMBER)
    term_start = forms.DateField(label=_("Term starts"), widget=DATE_INPUT)
    term_end = forms.DateField(label=_("Term ends"), widget=DATE_INPUT, required=False)

    def __init__(self, *args, seat: Seat | None = None, **kwargs):
        if seat is not None:
            kwargs.setdefault(
                "initial",
                {
                    "representative": seat.representative.email,
                    "alternate": seat.alternate.email if seat.alternate else "",
                    "role": seat.role,
                    "term_start": seat.term_start,
                    "term_end": seat.term_end,
                },
            )
        super().__init__(*args, **kwargs)
        if seat is None:
            self.fields["institution"].queryset = Institution.objects.filter(
                status=Institution.Status.MEMBER, seat__isnull=True
            ).order_by("name")
        else:
            del self.fields["institution"]
