from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Institution


class MembershipApplication(models.Model):
    """An institution asks to join the consortium: the subject of a membership case.

    Implements the subject protocol (steering/subjects.py); what its decision does is in
    steering/services/membership.py, registered in SteeringConfig.ready(). The institution
    exists from the start, as an applicant; the decision makes it a member or closes it.
    """

    case_template = "steering/subjects/membership.html"

    institution = models.OneToOneField(
        Institution,
        on_delete=models.PROTECT,
        related_name="membership_application",
        verbose_name=_("institution"),
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="membership_applications",
        verbose_name=_("applicant"),
    )
    applicant_role = models.CharField(
        _("your role at the institution"),
        max_length=200,
        help_text=_("e.g. Director of the AI initiative"),
    )
    motivation = models.TextField(
        _("motivation"),
        max_length=5000,
        help_text=_("What the institution brings to the consortium and hopes to find in it."),
    )
    created = models.DateTimeField(_("applied"), default=timezone.now)
    cases = GenericRelation(
        "steering.Case", content_type_field="subject_type", object_id_field="subject_id"
    )

    class Meta:
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        ordering = ["-created"]

    def __str__(self) -> str:
        return str(self.institution)

    def case_name(self) -> str:
        return self.institution.name
