"""The events' forms: events.py (an event, its questions, the organisers' actions) and
registration.py (registering with answers, the organisers' buttons, check-in search)."""
