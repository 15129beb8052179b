"""Domain errors. Services raise these; views show them beside the form, the API as 400."""


class ApplicationError(Exception):
    """A request the domain refuses, with a message a person can act on.

    `errors` maps field names to lists of messages, for forms and API clients.
    """

    def __init__(self, message: str, *, errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or {}
