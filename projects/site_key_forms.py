"""The staff form that makes a partner site's key."""

from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SiteKeyForm(forms.Form):
    name = forms.CharField(
        label=_("What the key is for"),
        max_length=50,
        help_text=_("For example, the service at the site that will use it."),
    )
    expiry = forms.DateField(
        label=_("Last day"),
        required=False,
        help_text=_(
            "The key stops working at the end of this day, in your time zone. "
            "Leave it empty for a key that does not expire."
        ),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def expires_at(self) -> datetime | None:
        """The moment the key stops working: the end of the chosen day in the viewer's zone."""
        day = self.cleaned_data.get("expiry")
        if day is None:
            return None
        return timezone.make_aware(
            datetime.combine(day + timedelta(days=1), time.min), timezone.get_current_timezone()
        )
