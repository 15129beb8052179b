from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projects.models.projects import Project
from projects.validators import validate_doi


class Share(models.Model):
    """Something the project shares with the consortium, under a licence or terms, with
    the PI's consent recorded (who and when)."""

    class What(models.TextChoices):
        DATA = "data", _("Data")
        CODE = "code", _("Code")
        MODEL = "model", _("Models")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="shares")
    what = models.CharField(_("what"), max_length=5, choices=What.choices)
    description = models.CharField(_("description"), max_length=500)
    terms = models.CharField(
        _("licence or terms"), max_length=200, help_text=_("e.g. CC-BY-4.0, Apache-2.0")
    )
    consented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    consented = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("shared output")
        verbose_name_plural = _("shared outputs")
        ordering = ["project", "what", "id"]

    def __str__(self) -> str:
        return f"{self.get_what_display()}: {self.description}"


class Output(models.Model):
    """A paper, dataset, model or software the project produced."""

    class Kind(models.TextChoices):
        PAPER = "paper", _("Paper")
        DATASET = "dataset", _("Dataset")
        MODEL = "model", _("Model")
        SOFTWARE = "software", _("Software")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="outputs")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("link"), max_length=500, blank=True)
    doi = models.CharField(
        _("DOI"),
        max_length=200,
        blank=True,
        validators=[validate_doi],
        help_text=_("e.g. 10.5281/zenodo.1234567"),
    )
    added = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("output")
        verbose_name_plural = _("outputs")
        ordering = ["project", "-added"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(url="", doi=""), name="output_has_link_or_doi"
            ),
        ]

    def __str__(self) -> str:
        return self.title
