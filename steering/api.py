"""The committee's API: cases for committee members, decisions of approved cases."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, viewsets
from rest_framework.permissions import IsAuthenticated

from steering import selectors
from steering.filters import CaseFilter
from steering.models import Case, Decision, Review
from steering.permissions import can_read_reviews, can_use_committee
from tpc_portal.second_factor import SecondFactorPermission


class IsCommitteeMember(SecondFactorPermission):
    """Seat holders and staff, with a second factor: the same people as the pages."""

    message = _("Committee members and staff with a second factor only.")
    allowed = staticmethod(can_use_committee)


class ReviewSerializer(serializers.ModelSerializer):
    seat = serializers.CharField(source="seat.institution.name")

    class Meta:
        model = Review
        fields = [
            "seat",
            "score",
            "recommendation",
            "comments_committee",
            "comments_proposer",
            "submitted_at",
        ]


_CASE_TITLE_HELP = "In the caller's language (Accept-Language), composed from the kind and name."


class CaseSerializer(serializers.ModelSerializer):
    """`reviews` is null where the caller may not read them: their seat is recused, or it
    owes a review of its own first. `review_count` is null for a recused seat."""

    url = serializers.HyperlinkedIdentityField(view_name="api:case-detail")
    title = serializers.CharField(read_only=True, help_text=_CASE_TITLE_HELP)
    submitter = serializers.CharField(source="submitter.get_full_name")
    institutions = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    expertise = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    recused = serializers.BooleanField(source="viewer_recused")
    review_count = serializers.IntegerField(allow_null=True)
    reviews = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "url",
            "kind",
            "title",
            "name",
            "status",
            "submitter",
            "submitted_at",
            "review_deadline",
            "institutions",
            "expertise",
            "recused",
            "review_count",
            "reviews",
        ]

    def get_reviews(self, case: Case) -> list[dict] | None:
        if not can_read_reviews(self.context["request"].user, case):
            return None
        return ReviewSerializer(case.counted_reviews, many=True).data


class CaseViewSet(viewsets.ReadOnlyModelViewSet):
    """Cases before the committee, for its members and staff; filter by status and kind."""

    permission_classes = [IsCommitteeMember]
    serializer_class = CaseSerializer
    filterset_class = CaseFilter

    def get_queryset(self):
        return selectors.cases_for_api(self.request.user)


class DecisionCaseSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True, help_text=_CASE_TITLE_HELP)

    class Meta:
        model = Case
        fields = ["id", "kind", "title", "status"]


class DecisionSerializer(serializers.ModelSerializer):
    """A decision as the consortium may know it: no reviewer, no individual vote."""

    case = DecisionCaseSerializer()
    votes = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = ["id", "case", "outcome", "rationale", "decided_at", "votes"]

    def get_votes(self, decision: Decision) -> dict[str, int]:
        return {
            "eligible": decision.eligible_seats,
            "approve": decision.votes_approve,
            "reject": decision.votes_reject,
            "abstain": decision.votes_abstain,
        }


class DecisionViewSet(viewsets.ReadOnlyModelViewSet):
    """Decisions that approved a case, for every signed-in member and partner script."""

    permission_classes = [IsAuthenticated]
    serializer_class = DecisionSerializer

    def get_queryset(self):
        return selectors.decisions_approved()
