"""Russian date formats: every time names its zone (day, month, year, then "12:00 UTC").

Only what differs from Django's own formats for the language; the rest falls through.
"""

TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j E Y г., H:i T"  # noqa: RUF001 - Russian abbreviates the year
SHORT_DATETIME_FORMAT = "d.m.Y H:i T"
