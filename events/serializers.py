"""How the events API writes events and reads them (events/api.py).

Serializers shape data; they do not decide. Who may see the online link is decided once
per request in the view (`ShownTo`, from events.permissions' rules) and read here; the
caller's own registrations come in the same way, one query per page, never one per row.
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.models import Event, Question, Registration
from members.models import Institution
from tpc_portal.markdown import render_markdown
from tpc_portal.people import person_name

Status = Registration.Status


@dataclass
class ShownTo:
    """What the caller may see of the events on one page: the ids of those they organise
    (or `every_event`, secure staff), and their own registrations by event id (each with
    `ahead`, the people waiting before them: events.selectors.registrations_of)."""

    organises: frozenset[int] = frozenset()
    every_event: bool = False
    mine: dict[int, Registration] = field(default_factory=dict)

    def organiser_of(self, event: Event) -> bool:
        return self.every_event or event.pk in self.organises

    def sees_online_link(self, event: Event) -> bool:
        """events.permissions.can_see_online_link, from what was read for the page."""
        mine = self.mine.get(event.pk)
        return self.organiser_of(event) or (mine is not None and mine.status == Status.REGISTERED)


def position_of(registration: Registration | None) -> int | None:
    """The waitlist position of a registration annotated with `ahead`; None off the list."""
    if registration is None or registration.status != Status.WAITLISTED:
        return None
    return (getattr(registration, "ahead", None) or 0) + 1


# --- Questions


class QuestionSerializer(serializers.ModelSerializer):
    """A registration question: answer it under its `id` (as text) in `answers`."""

    options = serializers.ListField(
        child=serializers.CharField(), help_text=_("The answers to choose from (a choice).")
    )

    class Meta:
        model = Question
        fields = ["id", "kind", "label", "options", "required"]


class QuestionWriteSerializer(serializers.Serializer):
    # `label` and `required` name a Field's own attributes too (the stubs see those).
    label = serializers.CharField(max_length=300)  # type: ignore[assignment]
    kind = serializers.ChoiceField(choices=Question.Kind.choices, default=Question.Kind.TEXT)
    options = serializers.ListField(
        child=serializers.CharField(max_length=300),
        required=False,
        max_length=50,
        help_text=_("The answers to choose from, for a choice."),
    )
    required = serializers.BooleanField(default=False)  # type: ignore[assignment]

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        value = super().to_internal_value(data)
        # The service takes them as the form does: one per line.
        value["choices"] = "\n".join(value.pop("options", []))
        return value


# --- Events, as read


def _slug_or_none(related: Any) -> str | None:
    return None if related is None else related.slug


class EventSerializer(serializers.ModelSerializer):
    """A published event as the caller may see it (a draft, to its organisers).

    `online_link` is null unless the caller organises the event or holds a place;
    `my_status` and `my_position` are the caller's own registration (null when they have
    none; `my_position` is their place on the waitlist, 1 for the first)."""

    url = serializers.HyperlinkedIdentityField(view_name="api:event-detail", lookup_field="slug")
    online_link = serializers.SerializerMethodField(
        help_text=_("Null unless the caller organises the event or holds a place.")
    )
    places_left = serializers.SerializerMethodField(
        help_text=_("Places not yet taken; null when the number of places is unlimited.")
    )
    waitlist_length = serializers.IntegerField(source="waitlist_count", read_only=True)
    group = serializers.SerializerMethodField(help_text=_("The organising working group's slug."))
    institution = serializers.SerializerMethodField(
        help_text=_("The organising institution's slug.")
    )
    organisers = serializers.SerializerMethodField(help_text=_("Their names, as people see them."))
    questions = QuestionSerializer(many=True, read_only=True)
    my_status = serializers.SerializerMethodField()
    my_position = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = [
            "url",
            "slug",
            "title",
            "kind",
            "status",
            "description",
            "start",
            "end",
            "time_zone",
            "format",
            "venue",
            "online_link",
            "capacity",
            "places_left",
            "waitlist_length",
            "mode",
            "audience",
            "registration_opens",
            "registration_closes",
            "institution_cap",
            "cap_until",
            "group",
            "institution",
            "organisers",
            "questions",
            "my_status",
            "my_position",
        ]
        extra_kwargs = {
            "description": {"help_text": _("Markdown, as the organisers wrote it.")},
            "start": {"help_text": _("UTC; `time_zone` is the event's own.")},
        }

    def _shown(self) -> ShownTo:
        return self.context.get("shown") or ShownTo()

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_online_link(self, event: Event) -> str | None:
        return event.online_link if self._shown().sees_online_link(event) else None

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_places_left(self, event: Event) -> int | None:
        if event.capacity is None:
            return None
        return max(event.capacity - event.registered_count, 0)  # type: ignore[attr-defined]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_group(self, event: Event) -> str | None:
        return _slug_or_none(event.group)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_institution(self, event: Event) -> str | None:
        return _slug_or_none(event.institution)

    def get_organisers(self, event: Event) -> list[str]:
        return [person_name(person) for person in event.organisers.all()]

    @extend_schema_field(serializers.ChoiceField(choices=Status.choices, allow_null=True))
    def get_my_status(self, event: Event) -> str | None:
        mine = self._shown().mine.get(event.pk)
        return None if mine is None else mine.status

    @extend_schema_field(serializers.IntegerField(allow_null=True, min_value=1))
    def get_my_position(self, event: Event) -> int | None:
        return position_of(self._shown().mine.get(event.pk))


class EventDetailSerializer(EventSerializer):
    """One event: also its description as sanitised HTML."""

    description_html = serializers.SerializerMethodField(
        help_text=_("The description's Markdown rendered to sanitised HTML.")
    )

    class Meta(EventSerializer.Meta):
        fields = [*EventSerializer.Meta.fields, "description_html"]

    def get_description_html(self, event: Event) -> str:
        return str(render_markdown(event.description))


# --- Events, as written


def _groups() -> Any:
    """Active working groups (read through the event's field: events uses the groups app
    only through its selectors)."""
    groups: Any = Event._meta.get_field("group").related_model
    return groups.objects.filter(status=groups.Status.ACTIVE)


class EventWriteSerializer(serializers.ModelSerializer):
    """What an organiser sends: `kind`, `title`, `start` and `end` create a draft (venue
    or online link as its format needs); a PATCH changes what it names. `questions`
    replaces the questions (a question that keeps its label keeps its id and answers).
    Lowering `capacity` below the number registered needs `"confirm_capacity": true`."""

    slug = serializers.SlugField(
        max_length=80, required=False, help_text=_("Made from the title when not given.")
    )
    group = serializers.SlugRelatedField(
        slug_field="slug", queryset=_groups(), required=False, allow_null=True
    )
    institution = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Institution.objects.filter(status=Institution.Status.MEMBER),
        required=False,
        allow_null=True,
    )
    questions = QuestionWriteSerializer(  # type: ignore[call-arg]  # ListSerializer's
        many=True, required=False, max_length=20
    )
    confirm_capacity = serializers.BooleanField(
        default=False,
        write_only=True,
        help_text=_("Lower the places below the number registered anyway (nobody loses theirs)."),
    )

    class Meta:
        model = Event
        fields = [
            "slug",
            "kind",
            "title",
            "description",
            "start",
            "end",
            "time_zone",
            "format",
            "venue",
            "online_link",
            "capacity",
            "registration_opens",
            "registration_closes",
            "audience",
            "mode",
            "institution_cap",
            "cap_until",
            "group",
            "institution",
            "questions",
            "confirm_capacity",
        ]


class CancelSerializer(serializers.Serializer):
    message = serializers.CharField(
        max_length=5000,
        required=False,
        allow_blank=True,
        help_text=_("Said to everyone registered, waiting or applying."),
    )


# --- Registering


class RegistrationRequestSerializer(serializers.Serializer):
    answers = serializers.DictField(
        required=False,
        help_text=_(
            "The answers to the event's questions, keyed by the question's id (as text): "
            'text, one of its options, or "yes"/"no". Errors come back keyed `q_<id>`.'
        ),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # Each answer is plain text (a yes/no may come as a JSON boolean); events'
        # answers_cleaned checks them against the questions, with errors keyed the same way.
        answers = attrs.get("answers", {})
        errors = {
            f"q_{key}": [_("Answer with text.")]
            for key, value in answers.items()
            if value is not None and not isinstance(value, str | bool | int | float)
        }
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class RegistrationResultSerializer(serializers.Serializer):
    """Where the caller stands: registered, waitlisted (with their position, 1 for the
    first) or applied (for the organisers to answer)."""

    status = serializers.ChoiceField(choices=Status.choices)
    position = serializers.IntegerField(allow_null=True, min_value=1)
