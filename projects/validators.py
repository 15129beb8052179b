"""Checks of what people type into a project."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# A DOI: "10." + a registrant code of digits (dot-separated) + "/" + a suffix without spaces
# (the DOI Handbook, 2.2); as typed, a https://doi.org/ prefix is accepted and removed.
DOI = re.compile(r"^10\.\d{4,9}(\.\d+)*/\S+$")
DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:")


def normalise_doi(value: str) -> str:
    value = value.strip()
    for prefix in DOI_PREFIXES:
        if value.lower().startswith(prefix):
            return value[len(prefix) :]
    return value


def validate_doi(value: str) -> None:
    if value and not DOI.match(normalise_doi(value)):
        raise ValidationError(
            _("“%(value)s” is not a DOI; a DOI looks like 10.5281/zenodo.1234567."),
            code="invalid_doi",
            params={"value": value},
        )
