"""A series' rule as people choose it and read it: the presets the form offers (built from
the first day, so that it is an occurrence of the rule), which preset a rule is, and a
rule and a pattern's times put into words in the reader's language. The rules themselves
are in recurrence.py."""

import enum
from datetime import date, timedelta

from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workinggroups.recurrence import BYDAY, NUMBER, WEEKDAYS, Pattern, RuleError, rule_parts

__all__ = ["PRESET_LABELS", "Preset", "describe_rule", "describe_times", "preset_of", "preset_rule"]


# --- Presets -----------------------------------------------------------------------------------


class Preset(enum.StrEnum):
    """The rules the form offers, built from the first meeting's day."""

    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY_WEEKDAY = "monthly_weekday"
    MONTHLY_LAST_WEEKDAY = "monthly_last_weekday"
    MONTHLY_DAY = "monthly_day"
    MONTHLY_LAST_DAY = "monthly_last_day"
    CUSTOM = "custom"

    @property
    def label(self) -> str:
        return str(PRESET_LABELS[self])


PRESET_LABELS = {
    Preset.WEEKLY: gettext_lazy("Weekly, on the first meeting's weekday"),
    Preset.BIWEEKLY: gettext_lazy("Every second week, on the first meeting's weekday"),
    Preset.MONTHLY_WEEKDAY: gettext_lazy(
        "Monthly, on the same numbered weekday (e.g. the 2nd Tuesday)"
    ),
    Preset.MONTHLY_LAST_WEEKDAY: gettext_lazy(
        "Monthly, on the last of that weekday (e.g. the last Friday)"
    ),
    Preset.MONTHLY_DAY: gettext_lazy(
        "Monthly, on the same day of the month (months without that day are skipped)"
    ),
    Preset.MONTHLY_LAST_DAY: gettext_lazy("Monthly, on the last day of the month"),
    Preset.CUSTOM: gettext_lazy("Another rule (RRULE)"),
}


def _weekday(day: date) -> str:
    return WEEKDAYS[day.weekday()]


def preset_rule(preset: Preset | str, first_day: date) -> str:
    """The rule of a preset, from the first meeting's day. Refuses a first day the preset
    cannot start on: "the last Friday" from a Friday that is not the month's last, or a
    "5th Tuesday" (use the last one)."""
    preset = Preset(preset)
    weekday = _weekday(first_day)
    nth = (first_day.day - 1) // 7 + 1
    last_of_month = (first_day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(
        days=1
    )
    if preset == Preset.WEEKLY:
        return f"FREQ=WEEKLY;BYDAY={weekday}"
    if preset == Preset.BIWEEKLY:
        return f"FREQ=WEEKLY;INTERVAL=2;BYDAY={weekday}"
    if preset == Preset.MONTHLY_WEEKDAY:
        if nth > 4:
            raise RuleError(
                _("Not every month has a fifth %(weekday)s: choose “the last” instead.")
                % {"weekday": date_format(first_day, "l")}
            )
        return f"FREQ=MONTHLY;BYDAY={nth}{weekday}"
    if preset == Preset.MONTHLY_LAST_WEEKDAY:
        if first_day + timedelta(days=7) <= last_of_month:
            raise RuleError(
                _("%(day)s is not the last %(weekday)s of its month.")
                % {
                    "day": date_format(first_day, "DATE_FORMAT"),
                    "weekday": date_format(first_day, "l"),
                }
            )
        return f"FREQ=MONTHLY;BYDAY=-1{weekday}"
    if preset == Preset.MONTHLY_DAY:
        return f"FREQ=MONTHLY;BYMONTHDAY={first_day.day}"
    if preset == Preset.MONTHLY_LAST_DAY:
        if first_day != last_of_month:
            raise RuleError(
                _("%(day)s is not the last day of its month.")
                % {"day": date_format(first_day, "DATE_FORMAT")}
            )
        return "FREQ=MONTHLY;BYMONTHDAY=-1"
    raise RuleError(_("A custom rule is typed in, not built."))


def preset_of(rule: str) -> Preset:
    """The preset a rule was built from, or CUSTOM (for the edit form's first choice)."""
    parts = rule_parts(rule)
    shape = {name for name in parts if name != "WKST"}
    freq, byday = parts.get("FREQ"), parts.get("BYDAY", "")
    if freq == "WEEKLY" and shape == {"FREQ", "BYDAY"} and byday in WEEKDAYS:
        return Preset.WEEKLY
    if (
        freq == "WEEKLY"
        and shape == {"FREQ", "INTERVAL", "BYDAY"}
        and parts["INTERVAL"] == "2"
        and byday in WEEKDAYS
    ):
        return Preset.BIWEEKLY
    if freq == "MONTHLY" and shape == {"FREQ", "BYDAY"}:
        match = BYDAY.match(byday)
        if match and match.group(1) == "-1":
            return Preset.MONTHLY_LAST_WEEKDAY
        if match and match.group(1) and 1 <= int(match.group(1)) <= 4:
            return Preset.MONTHLY_WEEKDAY
    if freq == "MONTHLY" and shape == {"FREQ", "BYMONTHDAY"}:
        if parts["BYMONTHDAY"] == "-1":
            return Preset.MONTHLY_LAST_DAY
        if NUMBER.match(parts["BYMONTHDAY"]) and int(parts["BYMONTHDAY"]) > 0:
            return Preset.MONTHLY_DAY
    return Preset.CUSTOM


# --- Words -------------------------------------------------------------------------------------

_WEEKDAY_NAMES = {
    "MO": gettext_lazy("Monday"),
    "TU": gettext_lazy("Tuesday"),
    "WE": gettext_lazy("Wednesday"),
    "TH": gettext_lazy("Thursday"),
    "FR": gettext_lazy("Friday"),
    "SA": gettext_lazy("Saturday"),
    "SU": gettext_lazy("Sunday"),
}


_NTH_WEEKDAY = {
    1: gettext_lazy("Monthly on the first %(weekday)s"),
    2: gettext_lazy("Monthly on the second %(weekday)s"),
    3: gettext_lazy("Monthly on the third %(weekday)s"),
    4: gettext_lazy("Monthly on the fourth %(weekday)s"),
}


def describe_rule(rule: str) -> str:
    """The rule in words, in the active language: "Every second week on Tuesday"; a rule
    no preset makes is shown as it is written."""
    preset = preset_of(rule)
    parts = rule_parts(rule)
    byday = parts.get("BYDAY", "")
    match = BYDAY.match(byday)
    name = str(_WEEKDAY_NAMES[match.group(2)]) if match else ""
    if preset == Preset.WEEKLY:
        text = _("Weekly on %(weekday)s") % {"weekday": name}
    elif preset == Preset.BIWEEKLY:
        text = _("Every second week on %(weekday)s") % {"weekday": name}
    elif preset == Preset.MONTHLY_WEEKDAY and match:
        text = str(_NTH_WEEKDAY[int(match.group(1))]) % {"weekday": name}
    elif preset == Preset.MONTHLY_LAST_WEEKDAY:
        text = _("Monthly on the last %(weekday)s") % {"weekday": name}
    elif preset == Preset.MONTHLY_DAY:
        text = _("Monthly on day %(day)s") % {"day": parts["BYMONTHDAY"]}
    elif preset == Preset.MONTHLY_LAST_DAY:
        text = _("Monthly on the last day")
    else:
        return _("Repeats: %(rule)s") % {"rule": rule}
    if "COUNT" in parts:
        text = _("%(rule)s, %(count)s times") % {"rule": text, "count": parts["COUNT"]}
    return text


def describe_times(pattern: Pattern) -> str:
    """ "16:00 America/Chicago" or "16:00 and 08:00, in turn, America/Chicago"."""
    first = time_format(pattern.local_time, "TIME_FORMAT")
    if pattern.alternate_time is None:
        return f"{first} {pattern.time_zone}"
    second = time_format(pattern.alternate_time, "TIME_FORMAT")
    return _("%(first)s and %(second)s in turn, %(zone)s") % {
        "first": first,
        "second": second,
        "zone": pattern.time_zone,
    }
