"""The forms of meetings and series.

Times are typed as a day and a wall-clock time IN THE CHOSEN ZONE (the form's own time-zone
field), never in the reader's active zone: separate date and time fields, which Django does
not convert, turned into a moment by the services (recurrence.local_moment).
"""

from datetime import date, time
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tpc_portal.timezones import time_zone_choices, zone_named
from workinggroups.models import Meeting
from workinggroups.recurrence import (
    RuleError,
    occurrences_before,
    rule_count,
    rule_with_count,
    validate_rule,
)
from workinggroups.recurrence_words import (
    Preset,
    preset_of,
    preset_rule,
)
from workinggroups.services.series import Scope, pattern_of

# Widgets whose change redraws the fair-time table (static htmx attributes in the template).
_FAIR = {"data-fair-time": ""}
_MINUTES_HELP = _("Between 5 minutes and 12 hours.")


def _day_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date", **_FAIR}, format="%Y-%m-%d"),
        **kwargs,
    )


def _time_field(label, **kwargs) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        widget=forms.TimeInput(attrs={"type": "time", **_FAIR}, format="%H:%M"),
        **kwargs,
    )


class MeetingForm(forms.Form):
    """A one-off meeting, or one meeting of a series changed on its own."""

    title = forms.CharField(label=_("Title"), max_length=200)
    day = _day_field(_("Day"))
    at = _time_field(_("Time"))
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=time_zone_choices,
        help_text=_("The day and time above are in this zone, whatever your own is."),
        widget=forms.Select(attrs=_FAIR),
    )
    duration_minutes = forms.IntegerField(
        label=_("Length (minutes)"),
        min_value=5,
        max_value=12 * 60,
        initial=60,
        help_text=_MINUTES_HELP,
        widget=forms.NumberInput(attrs=_FAIR),
    )
    location = forms.CharField(
        label=_("Location"),
        max_length=300,
        required=False,
        help_text=_("Shown only to the group's members."),
    )
    video_link = forms.URLField(
        label=_("Video link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Shown only to the group's members."),
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown: **bold**, lists, links."),
    )

    @classmethod
    def for_meeting(cls, meeting: Meeting, data: Any = None) -> "MeetingForm":
        local = meeting.start.astimezone(zone_named(meeting.time_zone))
        return cls(
            data,
            initial={
                "title": meeting.title,
                "day": local.date(),
                "at": local.time(),
                "time_zone": meeting.time_zone,
                "duration_minutes": meeting.duration_minutes,
                "location": meeting.location,
                "video_link": meeting.video_link,
                "agenda": meeting.agenda,
            },
        )

    def service_values(self) -> dict[str, Any]:
        """The cleaned values as the meeting services take them."""
        return {name: self.cleaned_data[name] for name in MeetingForm.base_fields}


def _rule_from(form: forms.Form, day_field: str) -> None:
    """Fill cleaned_data["rule"] from the preset and the first day, or check the typed rule."""
    data = form.cleaned_data
    preset, day = data.get("preset"), data.get(day_field)
    try:
        if preset == Preset.CUSTOM:
            if not data.get("rule"):
                form.add_error("rule", _("Type the rule, or choose one of the others."))
                return
            data["rule"] = validate_rule(data["rule"])
        elif preset and day:
            data["rule"] = preset_rule(preset, day)
    except RuleError as error:
        form.add_error("rule" if preset == Preset.CUSTOM else "preset", error.message)


class SeriesForm(forms.Form):
    """A new series: how it repeats, from when, at what time in which zone."""

    title = forms.CharField(label=_("Title"), max_length=200)
    preset = forms.ChoiceField(
        label=_("Repeats"),
        choices=lambda: [(preset.value, preset.label) for preset in Preset],
        initial=Preset.WEEKLY,
        widget=forms.RadioSelect,
    )
    rule = forms.CharField(
        label=_("Rule (for “another rule”)"),
        max_length=200,
        required=False,
        help_text=_(
            "An iCalendar RRULE such as FREQ=WEEKLY;INTERVAL=3;BYDAY=TH. At most once a day; "
            "the time is the one below, the end is the last day below (or COUNT=n)."
        ),
    )
    first_day = _day_field(_("First meeting"))
    local_time = _time_field(_("Time"))
    alternate_time = _time_field(
        _("Alternate time (optional)"),
        required=False,
        help_text=_(
            "Every second meeting is held at this time instead, so that the same people are "
            "not always up at night."
        ),
    )
    time_zone = MeetingForm.base_fields["time_zone"]
    duration_minutes = MeetingForm.base_fields["duration_minutes"]
    until = forms.DateField(
        label=_("Last day (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    location = MeetingForm.base_fields["location"]
    video_link = MeetingForm.base_fields["video_link"]
    agenda = forms.CharField(
        label=_("Standing agenda"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Every meeting of the series starts with it (Markdown)."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _rule_from(self, "first_day")
        return data

    def service_values(self) -> dict[str, Any]:
        """The cleaned values as series_create takes them."""
        return {name: self.cleaned_data[name] for name in self.base_fields if name != "preset"}


class OccurrenceForm(MeetingForm):
    """One meeting of a series, changed alone, with the ones after it, or with all."""

    scope = forms.ChoiceField(
        label=_("Change"),
        choices=lambda: [(scope.value, scope.label) for scope in Scope],
        initial=Scope.THIS,
        widget=forms.RadioSelect,
    )
    preset = forms.ChoiceField(
        label=_("Repeats (this and following, or all)"),
        choices=lambda: [(preset.value, preset.label) for preset in Preset],
        widget=forms.RadioSelect,
    )
    rule = SeriesForm.base_fields["rule"]
    alternate_time = SeriesForm.base_fields["alternate_time"]
    until = SeriesForm.base_fields["until"]
    standing_agenda = forms.CharField(
        label=_("Standing agenda of the series"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For this and following, or all: the agenda of the series' meetings that have "
            "none of their own (Markdown)."
        ),
    )

    field_order = ["scope", *MeetingForm.base_fields]

    @classmethod
    def for_meeting(cls, meeting: Meeting, data: Any = None) -> "OccurrenceForm":
        """Prefilled with this meeting as it is; for a rotating series its own slot first,
        and COUNT as what is left from this meeting on."""
        form = super().for_meeting(meeting, data)
        series = meeting.series
        assert series is not None  # noqa: S101 - the view sends occurrences here
        assert meeting.occurrence is not None  # noqa: S101
        index = len(occurrences_before(pattern_of(series), meeting.occurrence))
        alternate = series.alternate_time
        if alternate is not None and index % 2:
            alternate = series.local_time
        count = rule_count(series.rule)
        form.initial |= {
            "scope": Scope.THIS,
            "preset": preset_of(series.rule),
            "rule": rule_with_count(series.rule, count - index if count else None),
            "alternate_time": alternate,
            "until": series.until,
            "standing_agenda": series.agenda,
        }
        return form

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("scope") != Scope.THIS:
            _rule_from(self, "day")
        return data

    def service_values(self) -> dict[str, Any]:
        values = super().service_values()
        data = self.cleaned_data
        if data.get("scope") != Scope.THIS:
            values |= {
                "rule": data.get("rule"),
                "alternate_time": data.get("alternate_time"),
                "until": data.get("until"),
                "standing_agenda": data.get("standing_agenda"),
            }
        return values


class FairTimesForm(forms.Form):
    """What the fair-time table needs: a day, a time (and an alternate) in a zone, a length."""

    day = forms.DateField(required=False)
    first_day = forms.DateField(required=False)
    at = forms.TimeField(required=False)
    local_time = forms.TimeField(required=False)
    alternate_time = forms.TimeField(required=False)
    time_zone = forms.ChoiceField(choices=time_zone_choices)
    duration_minutes = forms.IntegerField(min_value=5, max_value=12 * 60)

    def moment(self) -> tuple[date, time, time | None] | None:
        """(day, time, alternate time) when the form has enough to count, else None."""
        if not self.is_valid():
            return None
        data = self.cleaned_data
        day, at = data.get("day") or data.get("first_day"), data.get("at") or data.get("local_time")
        if day is None or at is None:
            return None
        return day, at, data.get("alternate_time")
