"""`/api/v1/usage/`: partner sites report usage (POST, site keys only) and read their ledger;
a project's team reads its own (GET).

The batch behaviour is the service's (projects/services/usage.py) and is stated to clients
in the operation's description below and in every answer's `stored`.
"""

import json
from decimal import Decimal

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response

from projects.authentication import (
    SITE_KEY_OR_PERSON,
    SITE_KEY_OR_PERSON_THROTTLES,
    IsSiteKey,
    IsSiteKeyOrPerson,
    site_key_of,
)
from projects.models import Resource, UsageRecord
from projects.services.usage import (
    CONFLICT,
    CREATED,
    DUPLICATE,
    UsageBatchInvalid,
    usage_report,
)
from projects.usage_filters import UsageFilter
from projects.usage_input import MAX_BATCH, WHOLE_BATCH
from projects.usage_selectors import usage_visible_to


class DecimalJSONParser(JSONParser):
    """JSON whose numbers with a fraction are read as decimals, not floats: an amount of
    0.1 is stored as 0.1."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", "utf-8")
        try:
            return json.loads(stream.read().decode(encoding), parse_float=Decimal)
        except ValueError as error:
            raise ParseError(_("The body is not JSON: %(error)s") % {"error": error}) from error


# --- What is published: the request and the answers -----------------------------------------


class UsageRecordInSerializer(serializers.Serializer):
    """One record of a batch, as the site sends it (the service checks it)."""

    record_id = serializers.CharField(
        max_length=100, help_text="The site's own id of the record, unique at the site."
    )
    allocation = serializers.IntegerField(help_text="The allocation's id (/api/v1/allocations/).")
    period_start = serializers.DateTimeField(
        help_text="When the usage began: ISO 8601 with its offset (e.g. 2027-03-01T00:00:00Z)."
    )
    period_end = serializers.DateTimeField(
        help_text="When it ended: after the start, within the allocation's dates (UTC days)."
    )
    amount = serializers.DecimalField(
        max_digits=16,
        decimal_places=3,
        help_text="More than zero, in the resource's unit (a JSON number or a decimal string).",
    )
    unit = serializers.ChoiceField(
        choices=Resource.Unit.choices, help_text="Must be the resource's unit."
    )
    user = serializers.CharField(
        max_length=150, required=False, help_text="The account at the site, if known."
    )
    kind = serializers.ChoiceField(
        choices=UsageRecord.Kind.choices,
        default=UsageRecord.Kind.USAGE,
        help_text="usage (default); credit or debit for a correction of an earlier record.",
    )
    adjusts = serializers.CharField(
        max_length=100,
        required=False,
        help_text="For a credit or debit: the record_id of the usage record it corrects.",
    )


class UsageBatchSerializer(serializers.Serializer):
    records = UsageRecordInSerializer(many=True, max_length=MAX_BATCH)


class UsageOutcomeSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="The record's place in the batch, from 0.")
    record_id = serializers.CharField()
    outcome = serializers.ChoiceField(choices=[CREATED, DUPLICATE, CONFLICT])
    status = serializers.IntegerField(help_text="201 created, 200 duplicate, 409 conflict.")
    id = serializers.IntegerField(
        allow_null=True, help_text="The ledger line: the new one, or the one stored before."
    )
    message = serializers.CharField(help_text="Why a conflict was refused; empty otherwise.")


class UsageCountsSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    duplicate = serializers.IntegerField()
    conflict = serializers.IntegerField()


class UsageBatchResultSerializer(serializers.Serializer):
    stored = serializers.BooleanField(help_text="Always true here: the batch was stored.")
    message = serializers.CharField()
    counts = UsageCountsSerializer()
    records = UsageOutcomeSerializer(many=True)


class UsageBatchRefusedSerializer(serializers.Serializer):
    stored = serializers.BooleanField(help_text="Always false here: nothing was stored.")
    message = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text='Messages per field, named "records[<index>].<field>" for a record\'s field '
        'and "records" for the batch as a whole.',
    )


class UsageRecordSerializer(serializers.ModelSerializer):
    """A ledger line as stored: a credit's amount is negative."""

    site = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    adjusts = serializers.CharField(
        source="adjusts_record_id",
        allow_null=True,
        read_only=True,
        help_text="The record_id of the record a credit or debit corrects.",
    )
    unit = serializers.ChoiceField(
        source="allocation.resource.unit", choices=Resource.Unit.choices, read_only=True
    )
    user = serializers.CharField(source="site_user", read_only=True)

    class Meta:
        model = UsageRecord
        fields = [
            "id",
            "record_id",
            "site",
            "allocation",
            "kind",
            "adjusts",
            "period_start",
            "period_end",
            "amount",
            "unit",
            "user",
            "received",
        ]


BATCH_DESCRIPTION = f"""
Report usage: a batch of 1 to {MAX_BATCH:,} records, for partner sites' keys only
(`Authorization: Api-Key <key>`; a person's token gets 403).

**All or nothing for invalid records.** The whole batch is checked before anything is
stored. If any record is invalid — a missing, unknown or malformed field; an allocation
that is not your site's; a suspended allocation or one that ended more than 7 days ago;
a period outside the allocation's dates (whole days in UTC) or in the future; a unit other
than the resource's; an amount not more than zero; a credit or debit without its original
usage record on the same allocation, or a credit taking back more than the original still
counts; a record id twice in the batch — the answer is **400 and nothing is stored**
(`"stored": false`), with every problem in `errors` under `records[<index>].<field>`.

**Otherwise the batch is stored** (`"stored": true`) and each record has an outcome:
`created` (status 201: a new ledger line), `duplicate` (200: your site sent this record_id
before with the same content; nothing changes, so resending a batch is safe) or `conflict`
(409: the record_id was sent before with different content; this record is refused and the
stored one kept, the batch's other records are stored). The answer is 200 when no record
conflicted and **207 when some did**. Correct a stored record with an adjustment: a new
record_id, `kind` credit (gives time back) or debit (charges more), `adjusts` naming the
original record_id.

The same batch sent twice, even at the same moment, is counted once. When an allocation's
used total reaches 80% and 100% of the granted amount its project's leads are told once;
at 100% its status becomes `exhausted` (a credit below 100% makes it `active` again).
"""


class UsageViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Usage records: a site's own (its key) or those of the projects whose team the caller
    is on (staff: all); filter by allocation and period. POST reports a batch (site keys)."""

    authentication_classes = SITE_KEY_OR_PERSON
    throttle_classes = SITE_KEY_OR_PERSON_THROTTLES
    parser_classes = [DecimalJSONParser]
    serializer_class = UsageRecordSerializer
    filterset_class = UsageFilter

    def get_permissions(self):
        if self.action == "create":
            return [IsSiteKey()]
        return [IsSiteKeyOrPerson()]

    def get_queryset(self):
        key = site_key_of(self.request)
        return usage_visible_to(user=self.request.user, site=key.site if key else None)

    @extend_schema(
        summary="Report a batch of usage records",
        description=BATCH_DESCRIPTION,
        auth=[{"siteKey": []}],
        request=UsageBatchSerializer,
        responses={
            200: OpenApiResponse(UsageBatchResultSerializer, "Stored; no record conflicted."),
            207: OpenApiResponse(
                UsageBatchResultSerializer, "Stored; some records conflicted (409 each)."
            ),
            400: OpenApiResponse(UsageBatchRefusedSerializer, "Invalid: nothing was stored."),
        },
        examples=[
            OpenApiExample(
                "One day on a GPU machine",
                request_only=True,
                value={
                    "records": [
                        {
                            "record_id": "job-48213",
                            "allocation": 12,
                            "period_start": "2027-03-01T00:00:00Z",
                            "period_end": "2027-03-02T00:00:00Z",
                            "amount": "412.5",
                            "unit": "gpu_hours",
                            "user": "jdoe",
                        }
                    ]
                },
            )
        ],
    )
    def create(self, request: Request) -> Response:
        key = site_key_of(request)
        assert key is not None  # noqa: S101 - IsSiteKey let the request in
        try:
            body = request.data
        except ParseError as error:
            return Response(
                {"stored": False, "message": str(error.detail), "errors": {}},
                status=status.HTTP_400_BAD_REQUEST,
            )
        records = body.get("records") if isinstance(body, dict) else None
        try:
            if records is None:
                raise UsageBatchInvalid(
                    _("Nothing was stored: send an object with a list of records."),
                    records={WHOLE_BATCH: {"records": [_("This field is required.")]}},
                )
            report = usage_report(site=key.site, records=records)
        except UsageBatchInvalid as error:
            return Response(
                {"stored": False, "message": error.message, "errors": error.errors},
                status=status.HTTP_400_BAD_REQUEST,
            )
        counts = {name: report.count(name) for name in (CREATED, DUPLICATE, CONFLICT)}
        answer = {
            "stored": True,
            "message": _(
                "Stored: %(created)d new, %(duplicate)d sent before, %(conflict)d conflicting."
            )
            % counts,
            "counts": counts,
            "records": [
                {
                    "index": line.index,
                    "record_id": line.record_id,
                    "outcome": line.outcome,
                    "status": _STATUS[line.outcome],
                    "id": line.id,
                    "message": line.message,
                }
                for line in report.outcomes
            ],
        }
        return Response(answer, status=207 if counts[CONFLICT] else status.HTTP_200_OK)


_STATUS = {CREATED: 201, DUPLICATE: 200, CONFLICT: 409}
