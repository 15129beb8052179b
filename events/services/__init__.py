"""Every write path of events: registration.py (places, the waitlist, applications,
check-in) and events.py (the events themselves, messages, reminders)."""
