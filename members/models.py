from typing import ClassVar, NamedTuple

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from members.countries import COUNTRIES, COUNTRY_NAMES
from members.validators import (
    normalise_domain,
    normalise_orcid,
    normalise_ror,
    validate_domain,
    validate_orcid,
    validate_ror,
)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **fields) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
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
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


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
    country = models.CharField(_("country"), max_length=2, choices=COUNTRIES)
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
        return str(COUNTRY_NAMES.get(self.country, self.country))

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
        return self.name


class Keyword(models.Model):
    """A free keyword, shared by everyone who uses it (stored lower-case)."""

    name = models.CharField(_("keyword"), max_length=50, unique=True)

    class Meta:
        verbose_name = _("keyword")
        verbose_name_plural = _("keywords")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Tag(NamedTuple):
    """An expertise area or keyword as a card shows it (`order`: place in the taxonomy)."""

    slug: str
    name: str
    order: int = 0


# Separators of the packed lists the directory reads in its page query (see selectors);
# str.split() treats both as white space, so no keyword can contain them.
ITEM_SEP, FIELD_SEP = "\x1e", "\x1f"


def unpack_tags(packed: str | None) -> list[Tag]:
    """ "10\x1fevaluation\x1fEvaluation\x1e..." -> [Tag("evaluation", "Evaluation", 10)]."""
    tags = []
    for item in packed.split(ITEM_SEP) if packed else []:
        order, slug, name = item.split(FIELD_SEP)
        tags.append(Tag(slug, name, int(order)))
    return sorted(tags, key=lambda tag: (tag.order, tag.name))


class Profile(models.Model):
    """A researcher as others see them, with the consent they gave."""

    class Visibility(models.TextChoices):
        HIDDEN = "hidden", _("Only me: not listed anywhere")
        MEMBERS = "members", _("Confirmed members of the consortium")
        PUBLIC = "public", _("Everyone, including visitors")

    class CareerStage(models.TextChoices):
        STUDENT = "student", _("Student")
        POSTDOC = "postdoc", _("Postdoc")
        EARLY_CAREER = "early_career", _("Early-career researcher")
        SENIOR = "senior", _("Senior researcher")
        STAFF = "staff", _("Research staff")

    class AffiliatedVia(models.TextChoices):
        DOMAIN = "domain", _("Verified e-mail address")
        REPRESENTATIVE = "representative", _("Confirmed by the representative")
        STAFF = "staff", _("Confirmed by the secretariat")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = models.CharField(_("name"), max_length=200, blank=True)
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("e.g. Computational scientist")
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="profiles",
        verbose_name=_("institution"),
    )
    affiliated_via = models.CharField(
        _("affiliated via"), max_length=16, choices=AffiliatedVia.choices, blank=True
    )
    affiliated_at = models.DateTimeField(_("affiliated"), null=True, blank=True)
    orcid = models.CharField(
        _("ORCID iD"),
        max_length=19,
        blank=True,
        validators=[validate_orcid],
        help_text=_("Like 0000-0002-1825-0097; a link to orcid.org works too."),
    )
    bio = models.TextField(_("about you"), max_length=4000, blank=True)
    expertise = models.ManyToManyField(
        ExpertiseArea, blank=True, related_name="profiles", verbose_name=_("expertise areas")
    )
    keywords = models.ManyToManyField(
        Keyword, blank=True, related_name="profiles", verbose_name=_("keywords")
    )
    career_stage = models.CharField(
        _("career stage"), max_length=16, choices=CareerStage.choices, blank=True
    )
    open_to_collaboration = models.BooleanField(_("collaboration"), default=False)
    open_to_mentoring = models.BooleanField(_("mentoring"), default=False)
    open_to_hosting_students = models.BooleanField(_("hosting students"), default=False)
    visibility = models.CharField(
        _("who can see your profile"),
        max_length=16,
        choices=Visibility.choices,
        default=Visibility.HIDDEN,
    )
    email_visible = models.BooleanField(
        _("show my e-mail address"),
        default=False,
        help_text=_("Otherwise people reach you through the portal's contact form."),
    )
    # Kept current by the services that change a profile (see profile_search_vector_update).
    search_vector = SearchVectorField(null=True, editable=False)
    created = models.DateTimeField(_("created"), default=timezone.now)
    updated = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        ordering = ["display_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["orcid"], condition=~Q(orcid=""), name="profile_unique_orcid"
            ),
        ]
        indexes = [
            # The directory: listed profiles by name, and their count, from the index alone.
            models.Index(
                fields=["display_name", "id"],
                condition=~Q(display_name="") & ~Q(visibility="hidden"),
                name="profile_listed_name",
            ),
            GinIndex(fields=["search_vector"], name="profile_search_vector"),
        ]

    def __str__(self) -> str:
        return self.display_name or _("Unnamed researcher")

    def clean(self) -> None:
        self.orcid = normalise_orcid(self.orcid) if self.orcid else ""

    @property
    def is_listed(self) -> bool:
        return bool(self.display_name) and self.visibility != self.Visibility.HIDDEN

    @cached_property
    def area_list(self) -> list[Tag]:
        """Expertise areas in taxonomy order: packed into the row by the directory's
        selectors (`packed_areas`), asked for otherwise."""
        if hasattr(self, "packed_areas"):
            return unpack_tags(self.packed_areas)
        areas = sorted(self.expertise.all(), key=lambda area: (area.position, area.name))
        return [Tag(area.slug, area.name, area.position) for area in areas]

    @cached_property
    def keyword_list(self) -> list[Tag]:
        if hasattr(self, "packed_keywords"):
            return unpack_tags(self.packed_keywords)
        keywords = sorted(self.keywords.all(), key=lambda keyword: keyword.name)
        return [Tag(keyword.name, keyword.name) for keyword in keywords]

    @property
    def open_to(self) -> list[str]:
        return [str(label) for field, label in OPEN_TO if getattr(self, field)]


# What a researcher may be open to: (field, label); the directory's "open to" facet.
OPEN_TO = [
    ("open_to_collaboration", _("Collaboration")),
    ("open_to_mentoring", _("Mentoring")),
    ("open_to_hosting_students", _("Hosting students")),
]


class AffiliationRequest(models.Model):
    """A person asks to be confirmed as belonging to an institution."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # Only a pending request changes, and only once.
    STATUS_TRANSITIONS: ClassVar[dict[str, set[str]]] = {
        Status.PENDING: {Status.CONFIRMED, Status.DECLINED, Status.WITHDRAWN},
    }

    profile = models.ForeignKey(
        Profile, on_delete=models.CASCADE, related_name="affiliation_requests"
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="affiliation_requests"
    )
    message = models.TextField(_("message to the representative"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    created = models.DateTimeField(_("requested"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("affiliation request")
        verbose_name_plural = _("affiliation requests")
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile"],
                condition=Q(status="pending"),
                name="affiliation_one_pending_per_profile",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.profile} → {self.institution}"


class ContactMessage(models.Model):
    """A message relayed from one person to another; the record behind the daily limit."""

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_messages_sent"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_messages_received"
    )
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"), max_length=5000)
    created = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")
        ordering = ["-created"]
        indexes = [models.Index(fields=["sender", "created"], name="contact_sender_created")]

    def __str__(self) -> str:
        return self.subject
