"""Institutions, their e-mail domains, and the expertise taxonomy with free keywords."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from members.taxonomy import area_label
from members.validators import normalise_domain, normalise_ror, validate_domain, validate_ror


def country_choices() -> list[tuple[str, str]]:
    """ISO 3166-1 alpha-2 codes, named in the active language and in its alphabetical order
    (django-countries ships the names and their translations)."""
    return [(country.code, str(country.name)) for country in countries]


class Institution(models.Model):
    """An organisation of the consortium (or one that asked to join)."""

    class Kind(models.TextChoices):
        NATIONAL_LAB = "national_lab", _("National laboratory")
        UNIVERSITY = "university", _("University")
        RESEARCH_INSTITUTE = "research_institute", _("Research institute")
        INDUSTRY = "industry", _("Industry")
        GOVERNMENT_AGENCY = "government_agency", _("Government agency")
        NON_PROFIT = "non_profit", _("Non-profit organisation")

    class Status(models.TextChoices):
        APPLICANT = "applicant", _("Applicant")
        MEMBER = "member", _("Member")
        SUSPENDED = "suspended", _("Suspended")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # The only changes institution_status_change() accepts; withdrawn is final.
    STATUS_TRANSITIONS: ClassVar[dict[str, set[str]]] = {
        Status.APPLICANT: {Status.MEMBER, Status.WITHDRAWN},
        Status.MEMBER: {Status.SUSPENDED, Status.WITHDRAWN},
        Status.SUSPENDED: {Status.MEMBER, Status.WITHDRAWN},
        Status.WITHDRAWN: set(),
    }

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    country = models.CharField(_("country"), max_length=2, choices=country_choices)
    website = models.URLField(_("website"), blank=True)
    ror_id = models.CharField(
        _("ROR id"),
        max_length=9,
        blank=True,
        validators=[validate_ror],
        help_text=_("Research Organization Registry id, e.g. 05gvnxz63."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.APPLICANT
    )
    joined = models.DateField(_("joined"), null=True, blank=True)
    representative = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="represented_institutions",
        verbose_name=_("representative"),
        help_text=_("Confirms who belongs to the institution; sits on the committee."),
    )

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ror_id"], condition=~Q(ror_id=""), name="institution_unique_ror_id"
            ),
        ]
        indexes = [models.Index(fields=["status", "name"], name="institution_status_name")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.ror_id = normalise_ror(self.ror_id) if self.ror_id else ""

    @property
    def country_name(self) -> str:
        # get_country_display() rebuilds a dict of 249 choices per call.
        return str(countries.name(self.country)) or self.country

    @property
    def is_member(self) -> bool:
        return self.status == self.Status.MEMBER


class InstitutionDomain(models.Model):
    """An e-mail domain of an institution: a verified address on it (or on one of its
    subdomains) affiliates its owner automatically."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(
        _("e-mail domain"), max_length=253, unique=True, validators=[validate_domain]
    )

    class Meta:
        verbose_name = _("e-mail domain")
        verbose_name_plural = _("e-mail domains")
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain

    def clean(self) -> None:
        self.domain = normalise_domain(self.domain)


class ExpertiseArea(models.Model):
    """One entry of the consortium's expertise taxonomy (seeded by a data migration)."""

    class Group(models.TextChoices):
        METHODS = "methods", _("AI methods")
        SYSTEMS = "systems", _("Systems")
        DOMAINS = "domains", _("Science domains")

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    group = models.CharField(_("group"), max_length=16, choices=Group.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("expertise area")
        verbose_name_plural = _("expertise areas")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the active language (see members/taxonomy.py)."""
        return area_label(self.name)


class Keyword(models.Model):
    """A free keyword, shared by everyone who uses it (stored lower-case)."""

    name = models.CharField(_("keyword"), max_length=50, unique=True)

    class Meta:
        verbose_name = _("keyword")
        verbose_name_plural = _("keywords")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
