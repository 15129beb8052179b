from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workinggroups.models.groups import WorkingGroup


class Document(models.Model):
    """A white paper or report of the group: a link, or a file kept in Django's storage
    and served only through a view that checks who may read it."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Everyone")
        MEMBERS = "members", _("Group members only")

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=300)
    version = models.CharField(_("version"), max_length=40, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to="workinggroups/documents/%Y/", blank=True)
    content_type = models.CharField(max_length=100, blank=True, editable=False)
    visibility = models.CharField(
        _("who may read it"),
        max_length=8,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(link="") & ~models.Q(file=""))
                | (~models.Q(link="") & models.Q(file="")),
                name="document_link_or_file",
            ),
        ]

    def __str__(self) -> str:
        return self.title
