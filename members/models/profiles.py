"""Researcher profiles: what each person shows, and to whom."""

from typing import NamedTuple, Protocol

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models.institutions import ExpertiseArea, Institution, Keyword
from members.taxonomy import area_label
from members.validators import normalise_orcid, validate_orcid
from tpc_portal.people import person_name
from tpc_portal.timezones import validate_time_zone


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


class NamedAccount(Protocol):
    """An account as a new profile needs it (members.models.users.User, which imports this
    module, so it is not named here)."""

    full_name: str


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
        pgettext_lazy("job", "title"),
        max_length=200,
        blank=True,
        help_text=_("e.g. Computational scientist"),
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
        help_text=_(
            "Like 0000-0002-1825-0097; a link to orcid.org works too. Shown as unverified "
            "unless you also sign in with ORCID using this iD."
        ),
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
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=_("Times on the portal and in its e-mails are shown in this zone."),
    )
    # Both kept current by the services that change a profile (profile_search_columns_update),
    # on PostgreSQL only. expertise_key copies the expertise links as "|3|14|" (area ids), so
    # that a search with an expertise facet checks it on the rows the search reads anyway
    # instead of probing the link table once per match (at 100,000 profiles: 3.3 ms instead
    # of 7.2 for 1,600 matches). Text rather than an array, which SQLite cannot store.
    search_vector = SearchVectorField(null=True, editable=False)
    expertise_key = models.TextField(blank=True, default="", editable=False)
    created = models.DateTimeField(_("created"), default=timezone.now)
    updated = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        ordering = ["display_name", "id"]
        # No uniqueness of a typed ORCID iD: refusing one that another profile holds would
        # tell who holds it, hidden profiles included. An iD is proved by signing in with
        # ORCID, and allauth's SocialAccount (provider, uid) holds each proved iD once.
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
        # Always a str (a lazy translation here once made every nameless profile a 500).
        return person_name(self.user)

    EXPERTISE_KEY_SEP = "|"

    @classmethod
    def new_for(cls, user: "NamedAccount") -> "Profile":
        """A new account's profile: named after the account, and unlisted (hidden) until its
        owner chooses who may see it."""
        return cls(user=user, display_name=user.full_name)

    @classmethod
    def expertise_key_of(cls, area_id: int) -> str:
        """The part of expertise_key that says a profile has this area."""
        return f"{cls.EXPERTISE_KEY_SEP}{area_id}{cls.EXPERTISE_KEY_SEP}"

    def clean(self) -> None:
        self.orcid = normalise_orcid(self.orcid) if self.orcid else ""

    @property
    def is_listed(self) -> bool:
        return bool(self.display_name) and self.visibility != self.Visibility.HIDDEN

    @cached_property
    def area_list(self) -> list[Tag]:
        """Expertise areas in taxonomy order, named in the active language: packed into the
        row by the directory's selectors (`packed_areas`), asked for otherwise."""
        if hasattr(self, "packed_areas"):
            tags = unpack_tags(self.packed_areas)
            return [Tag(tag.slug, area_label(tag.name), tag.order) for tag in tags]
        areas = sorted(self.expertise.all(), key=lambda area: (area.position, area.name))
        return [Tag(area.slug, area.label, area.position) for area in areas]

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
