from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import AbstractAPIKey

from projects.models.sites import Site


class SiteKey(AbstractAPIKey):
    """An API key of a partner site (djangorestframework-api-key): stored hashed, shown
    once when made, only its prefix afterwards; revocable, with an optional expiry.

    A site key speaks for its site only: it reads the site's resources and allocations and
    reports their usage; it is never a user (projects/authentication.py).
    """

    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="keys", verbose_name=_("site")
    )
    last_used = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta(AbstractAPIKey.Meta):
        verbose_name = _("site key")
        verbose_name_plural = _("site keys")
