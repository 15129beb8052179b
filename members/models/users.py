from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models.profiles import Profile
from tpc_portal.people import person_name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **fields) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        with transaction.atomic(using=self._db):
            user.save(using=self._db)
            # Every account has its profile from the start, so that no page makes one on a
            # GET: this covers createsuperuser and scripts; sign-up, the admin and seeding
            # go through members.services.profile_create, which starts from the same shape.
            profile = Profile.new_for(user)
            profile.full_clean(exclude=["user"])
            profile.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account. The e-mail address is the login."""

    email = models.EmailField(_("e-mail address"), unique=True)
    # The name given at sign-up; the profile's name, which starts from it, wins when shown
    # (see tpc_portal/people.py).
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the e-mails the portal sends you."),
    )
    is_staff = models.BooleanField(
        _("staff"), default=False, help_text=_("Secretariat: may use the admin and staff pages.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        # Never the address: a user is printed in pages, notices and e-mails that other
        # people read, and the owner may have hidden it.
        return person_name(self)

    def get_full_name(self) -> str:
        return person_name(self)

    def get_short_name(self) -> str:
        return person_name(self)
