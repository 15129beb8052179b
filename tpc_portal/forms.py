"""One form layout for the whole portal, through Django's form renderer.

`{{ form }}` renders an error summary on top (templates/forms/error_summary.html), then each
field as templates/forms/field.html lays it out: label above the field, help text, the
field's own errors next to it. A page that arranges its fields itself renders each with
`{{ form.<name>.as_field_group }}` and includes the summary: the same markup either way.
The submit button follows the fields in each page's template.
"""

from django.forms.renderers import TemplatesSetting


class PortalFormRenderer(TemplatesSetting):
    """Django's renderer reading templates from the project's template settings (so that
    templates/forms/ is found), with the portal's form and field templates."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
