"""Domain errors. Services raise these; views show them beside the form, the API as 400."""


class ApplicationError(Exception):
    """A request the domain refuses, with a message a person can act on.

    `errors` maps field names to lists of messages, for forms and API clients.
    """

    def __init__(self, message: str, *, errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


def show_error(form, error: ApplicationError) -> None:
    """A domain error beside the form: on its fields where named, otherwise on top."""
    fields = {name: messages for name, messages in error.errors.items() if name in form.fields}
    for name, messages in fields.items():
        for message in messages:
            form.add_error(name, message)
    if not fields:
        form.add_error(None, error.message)
