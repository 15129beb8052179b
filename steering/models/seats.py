from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Institution


class SeatQuerySet(models.QuerySet["Seat"]):
    def active(self, *, on=None) -> "SeatQuerySet":
        """Seats whose term covers the day (today) and whose institution is a member."""
        day = on or timezone.localdate()
        return self.filter(
            Q(term_end__isnull=True) | Q(term_end__gte=day),
            term_start__lte=day,
            institution__status=Institution.Status.MEMBER,
        )

    def held_by(self, user) -> "SeatQuerySet":
        """Seats the user sits in, as representative or as alternate."""
        return self.filter(Q(representative=user) | Q(alternate=user))


class Seat(models.Model):
    """A member institution's place on the steering committee: one per institution.

    The representative holds it; the alternate acts for the seat when the representative
    is absent (both may act: the seat reviews and votes once, whoever does it).
    """

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice-chair")
        MEMBER = "member", _("Member")

    institution = models.OneToOneField(
        Institution, on_delete=models.PROTECT, related_name="seat", verbose_name=_("institution")
    )
    representative = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="seats",
        verbose_name=_("representative"),
    )
    alternate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="alternate_seats",
        verbose_name=_("alternate"),
        help_text=_("Acts for the seat when the representative is absent."),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"), null=True, blank=True)

    objects = SeatQuerySet.as_manager()

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["institution__name"]
        constraints = [
            # One chair and one vice-chair at a time, whatever a form lets through.
            models.UniqueConstraint(
                fields=["role"],
                condition=Q(role="chair"),
                name="seat_one_chair",
                violation_error_message=_("The committee already has a chair."),
            ),
            models.UniqueConstraint(
                fields=["role"],
                condition=Q(role="vice_chair"),
                name="seat_one_vice_chair",
                violation_error_message=_("The committee already has a vice-chair."),
            ),
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=F("term_start")),
                name="seat_term_ends_after_start",
                violation_error_message=_("A term cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(alternate=F("representative")),
                name="seat_alternate_is_another_person",
                violation_error_message=_("The alternate must be someone else."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.institution)

    def is_active(self, *, on=None) -> bool:
        day = on or timezone.localdate()
        return (
            self.term_start <= day
            and (self.term_end is None or self.term_end >= day)
            and self.institution.status == Institution.Status.MEMBER
        )

    def holders(self) -> list:
        """The people who may act for the seat."""
        return [user for user in (self.representative, self.alternate) if user is not None]
