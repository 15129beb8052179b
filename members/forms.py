"""Forms: they parse and show input; services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Institution, Profile
from members.selectors import expertise_areas, institutions_for_affiliation
from members.services import keywords_parse
from tpc_portal.timezones import time_zone_choices


class Form(forms.Form):
    """Labels without Django's trailing colon, as the rest of the portal writes them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class SignupNameForm(forms.Form):
    """What the portal adds to allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS): the
    person's name, required, so that nobody appears to the committee as "a TPC member".
    The adapter's save_user() stores it on the account; the profile starts from it."""

    # allauth orders its fields by ACCOUNT_SIGNUP_FIELDS unless told: the name comes first.
    field_order = ["full_name", "email", "password1", "password2"]

    full_name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("As others in the consortium will see it. You can change it later."),
    )

    def clean_full_name(self) -> str:
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise forms.ValidationError(_("Give the name people know you by."))
        return name

    def signup(self, request, user) -> None:
        """allauth calls this after saving the user; the adapter already stored the name."""


class ProfileForm(Form):
    display_name = forms.CharField(label=_("Name"), max_length=200, required=False)
    title = forms.CharField(
        label=_("Title or role"),
        max_length=200,
        required=False,
        help_text=_("e.g. Computational scientist"),
    )
    orcid = forms.CharField(
        label=_("ORCID iD"),
        max_length=60,
        required=False,
        help_text=Profile._meta.get_field("orcid").help_text,
    )
    bio = forms.CharField(
        label=_("About you"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        required=False,
        help_text=_("Your research, what you build, what you are looking for."),
    )
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
        help_text=_("Separated by commas, e.g. tokenizers, protein language models"),
    )
    career_stage = forms.ChoiceField(
        label=_("Career stage"),
        choices=[("", _("Not saying")), *Profile.CareerStage.choices],
        required=False,
    )
    open_to_collaboration = forms.BooleanField(label=_("Collaboration"), required=False)
    open_to_mentoring = forms.BooleanField(label=_("Mentoring"), required=False)
    open_to_hosting_students = forms.BooleanField(label=_("Hosting students"), required=False)
    visibility = forms.ChoiceField(
        label=_("Who can see your profile"),
        choices=Profile.Visibility.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Whatever you choose here, holding a seat on the steering committee or "
            "representing an institution is a public role: your name and that role are shown "
            "on the committee's and the institution's pages. Nothing else of your profile is."
        ),
    )
    email_visible = forms.BooleanField(
        label=_("Show my e-mail address to those who can see my profile"),
        required=False,
        help_text=_("Otherwise people reach you through the portal's contact form."),
    )

    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        # Callable: the list of zones is read when a form is built, not at import.
        choices=lambda: [("", _("Not chosen: times are shown in UTC")), *time_zone_choices()],
        required=False,
        help_text=_("Times on the portal and in its e-mails are shown in this zone."),
        # static/js/portal.js proposes the browser's zone while none is chosen.
        widget=forms.Select(attrs={"data-browser-time-zone": ""}),
    )

    @classmethod
    def initial_for(cls, profile: Profile) -> dict:
        return {
            "display_name": profile.display_name,
            "title": profile.title,
            "orcid": profile.orcid,
            "bio": profile.bio,
            "expertise": [area.pk for area in profile.expertise.all()],
            "keywords": ", ".join(k.name for k in profile.keyword_list),
            "career_stage": profile.career_stage,
            "open_to_collaboration": profile.open_to_collaboration,
            "open_to_mentoring": profile.open_to_mentoring,
            "open_to_hosting_students": profile.open_to_hosting_students,
            "visibility": profile.visibility,
            "email_visible": profile.email_visible,
            "time_zone": profile.time_zone,
        }

    def clean_keywords(self) -> list[str]:
        return keywords_parse(self.cleaned_data["keywords"])

    def open_to_fields(self):
        return [
            self["open_to_collaboration"],
            self["open_to_mentoring"],
            self["open_to_hosting_students"],
        ]


class AffiliationRequestForm(Form):
    institution = forms.ModelChoiceField(
        label=_("Institution"),
        queryset=institutions_for_affiliation(),
        empty_label=_("Choose your institution"),
    )
    message = forms.CharField(
        label=_("Message to the representative"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: your group or role, so that they recognise you."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Institution.objects.filter(
            status=Institution.Status.MEMBER
        ).order_by("name")


class AffiliationDeclineForm(Form):
    reason = forms.CharField(
        label=_("Reason (sent to the person)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ContactForm(Form):
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )


class TimeZoneForm(Form):
    """The zone a browser reports, sent once by static/js/portal.js."""

    time_zone = forms.ChoiceField(choices=time_zone_choices)
