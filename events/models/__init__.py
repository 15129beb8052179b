from events.models.events import Event, Question
from events.models.registrations import Registration

__all__ = ["Event", "Question", "Registration"]
