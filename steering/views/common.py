from django import forms

from tpc_portal.errors import ApplicationError


def show_error(form: forms.Form, error: ApplicationError) -> None:
    """A domain error beside the form: on its fields where named, otherwise on top."""
    fields = {name: messages for name, messages in error.errors.items() if name in form.fields}
    for name, messages in fields.items():
        for message in messages:
            form.add_error(name, message)
    if not fields:
        form.add_error(None, error.message)
