"""Identifiers people type: ORCID iDs, ROR ids and e-mail domains.

Each `normalise_*` accepts what people paste (a bare id or its resolver URL, any case) and
returns the canonical bare form; the validators say precisely what is wrong.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ORCID_FORMAT = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
ORCID_URL_PREFIX = re.compile(r"^(https?://)?(www\.)?(sandbox\.)?orcid\.org/", re.IGNORECASE)

# ROR ids: "0", six characters of Crockford's base32 (no i, l, o, u), two check digits.
ROR_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
ROR_FORMAT = re.compile(r"^0[0-9a-hjkmnp-tv-z]{6}\d{2}$")
ROR_URL_PREFIX = re.compile(r"^(https?://)?(www\.)?ror\.org/", re.IGNORECASE)

DOMAIN_FORMAT = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def orcid_check_digit(base_digits: str) -> str:
    """ISO 7064 MOD 11-2 over the first 15 digits of an ORCID iD."""
    total = 0
    for digit in base_digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def normalise_orcid(value: str) -> str:
    return ORCID_URL_PREFIX.sub("", value.strip()).upper()


def validate_orcid(value: str) -> None:
    orcid = normalise_orcid(value)
    if not ORCID_FORMAT.match(orcid):
        raise ValidationError(
            _("An ORCID iD has four groups of four digits, like 0000-0002-1825-0097."),
            code="orcid_format",
        )
    digits = orcid.replace("-", "")
    expected = orcid_check_digit(digits[:15])
    if digits[15] != expected:
        raise ValidationError(
            _(
                "%(orcid)s is not a valid ORCID iD: its last character should be "
                "%(expected)s. Please check for a mistyped digit."
            ),
            code="orcid_checksum",
            params={"orcid": orcid, "expected": expected},
        )


def ror_check_digits(base: str) -> str:
    """ISO 7064 MOD 97-10 over the base32 value of the first seven characters."""
    number = 0
    for character in base:
        number = number * 32 + ROR_ALPHABET.index(character)
    return f"{98 - (number * 100) % 97:02d}"


def normalise_ror(value: str) -> str:
    return ROR_URL_PREFIX.sub("", value.strip()).lower()


def validate_ror(value: str) -> None:
    ror = normalise_ror(value)
    if not ROR_FORMAT.match(ror):
        raise ValidationError(
            _(
                "A ROR id has nine characters: a 0, six letters or digits and two check "
                "digits, like 05gvnxz63."
            ),
            code="ror_format",
        )
    if ror[7:] != ror_check_digits(ror[:7]):
        raise ValidationError(
            _("%(ror)s is not a valid ROR id: its check digits do not match."),
            code="ror_checksum",
            params={"ror": ror},
        )


def normalise_domain(value: str) -> str:
    return value.strip().lower().removeprefix("@").rstrip(".")


def validate_domain(value: str) -> None:
    if not DOMAIN_FORMAT.match(normalise_domain(value)):
        raise ValidationError(
            _("%(domain)s is not an e-mail domain such as anl.gov."),
            code="domain",
            params={"domain": value},
        )
