"""Russian date formats: every time names its zone ("15 декабря 2026 г., 12:00 UTC").

Only what differs from Django's own formats for the language; the rest falls through.
"""

TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j E Y г., H:i T"
SHORT_DATETIME_FORMAT = "d.m.Y H:i T"
