from django.db import models
from django.utils.translation import gettext_lazy as _

from members.models import Institution


class Site(models.Model):
    """A partner computing site (e.g. a leadership computing facility) with its resources.
    It talks to the portal through the API with its own keys (SiteKey)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    host_institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="sites", verbose_name=_("host")
    )
    description = models.TextField(_("description"), max_length=5000, blank=True)
    contact_email = models.EmailField(_("contact address"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("computing site")
        verbose_name_plural = _("computing sites")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Resource(models.Model):
    """A machine or store at a site, granted in one unit, with a capacity per period."""

    class Kind(models.TextChoices):
        CPU = "cpu", _("CPU")
        GPU = "gpu", _("GPU")
        STORAGE = "storage", _("Storage")

    class Unit(models.TextChoices):
        NODE_HOURS = "node_hours", _("node-hours")
        GPU_HOURS = "gpu_hours", _("GPU-hours")
        CORE_HOURS = "core_hours", _("core-hours")
        TB_MONTHS = "tb_months", _("TB-months")

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="resources")
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    unit = models.CharField(_("unit"), max_length=12, choices=Unit.choices)
    capacity = models.DecimalField(
        _("capacity per period"),
        max_digits=16,
        decimal_places=3,
        help_text=_("What the site can grant in one allocation period, in the unit."),
    )
    description = models.TextField(_("description"), max_length=5000, blank=True)

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["site", "name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "slug"], name="one_resource_slug_per_site"),
        ]

    def __str__(self) -> str:
        return f"{self.site} · {self.name}"


class AllocationPeriod(models.Model):
    """An allocation period (e.g. 2027-H1): its dates, and the window when requests for it
    are open."""

    name = models.CharField(_("name"), max_length=40, unique=True)
    start = models.DateField(_("starts"))
    end = models.DateField(_("ends"))
    requests_open = models.DateTimeField(_("requests open"))
    requests_close = models.DateTimeField(_("requests close"))

    class Meta:
        verbose_name = _("allocation period")
        verbose_name_plural = _("allocation periods")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="period_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(requests_close__gt=models.F("requests_open")),
                name="period_window_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.name
