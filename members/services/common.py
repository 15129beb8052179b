from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from tpc_portal.errors import ApplicationError


def validated(instance: models.Model, *, exclude: list[str] | None = None) -> None:
    """full_clean(), with its complaints as the domain error that forms and the API show."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        errors = error.message_dict if hasattr(error, "error_dict") else {}
        message = errors.get("__all__", [_("Please correct the errors below.")])[0]
        raise ApplicationError(
            message,
            errors={name: list(messages) for name, messages in errors.items() if name != "__all__"}
            or {"__all__": error.messages},
        ) from error
