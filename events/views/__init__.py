"""The events' pages: thin views that parse, check permission, call a service or a
selector, and render."""

from django.http import HttpRequest

from members.models import User


class SignedInRequest(HttpRequest):
    """The request of a view behind login_required: its user is an account."""

    user: User
