"""The read API of sites, resources and allocations.

- `/api/v1/sites/`, `/api/v1/resources/`: public facts, for everyone (a site key reads its
  own site's).
- `/api/v1/allocations/`: a signed-in person reads the allocations of the projects they
  are on (staff: all); a partner site, with its key, reads its own site's allocations,
  status included (exhausted, suspended: stop the jobs). Filter by site, project, status
  and the day they run on.
"""

from collections.abc import Callable
from functools import cache

from django.db.models import Value
from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from projects import allocation_selectors as selectors
from projects.allocation_filters import AllocationFilter
from projects.authentication import IsSiteKey, SiteKeyAuthentication, site_key_of
from projects.models import Allocation, Resource, Site
from tpc_portal.api import CountedRows
from tpc_portal.authentication import TokenAuthentication

# A person's token or session, or a partner site's key.
AUTHENTICATION = [TokenAuthentication, SiteKeyAuthentication, SessionAuthentication]


class SiteHostSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class ResourceBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Resource
        fields = ["id", "slug", "name", "kind", "unit", "capacity"]


class SiteSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:site-detail", lookup_field="slug")
    host = SiteHostSerializer(source="host_institution")
    resources = ResourceBriefSerializer(many=True, read_only=True)

    class Meta:
        model = Site
        fields = [
            "url",
            "slug",
            "name",
            "host",
            "description",
            "website",
            "contact_email",
            "resources",
        ]


class ResourceSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:resource-detail")
    site = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    capacity = serializers.DecimalField(
        max_digits=16,
        decimal_places=3,
        read_only=True,
        help_text="What the site can grant in one allocation period, in the unit.",
    )

    class Meta:
        model = Resource
        fields = ["id", "url", "site", "slug", "name", "kind", "unit", "capacity", "description"]


class AllocationProjectSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()


class AllocationSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:allocation-detail")
    project = AllocationProjectSerializer()
    site = serializers.SlugField(source="resource.site.slug", help_text="The site's short name.")
    resource = ResourceBriefSerializer()
    period = serializers.CharField(source="period.name")
    remaining = serializers.DecimalField(
        max_digits=16,
        decimal_places=3,
        read_only=True,
        help_text="Granted less used; negative when the use went over.",
    )

    class Meta:
        model = Allocation
        fields = [
            "id",
            "url",
            "project",
            "site",
            "resource",
            "period",
            "granted",
            "used",
            "remaining",
            "start",
            "end",
            "status",
        ]


@extend_schema_view(
    list=extend_schema(description="Partner computing sites and their resources. Public."),
    retrieve=extend_schema(description="One site, by its short name. Public."),
)
class SiteViewSet(viewsets.ReadOnlyModelViewSet):
    # Sites and resources are public facts of the consortium.
    permission_classes = [AllowAny]
    authentication_classes = AUTHENTICATION
    serializer_class = SiteSerializer
    lookup_field = "slug"

    def get_queryset(self):
        sites = selectors.sites_listed().prefetch_related("resources")
        key = site_key_of(self.request)
        return sites.filter(pk=key.site_id) if key is not None else sites


@extend_schema_view(
    list=extend_schema(description="Resources of every site (a site key: its own). Public."),
    retrieve=extend_schema(description="One resource. Public."),
)
class ResourceViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    authentication_classes = AUTHENTICATION
    serializer_class = ResourceSerializer

    def get_queryset(self):
        resources = selectors.resources_listed()
        key = site_key_of(self.request)
        return resources.filter(site_id=key.site_id) if key is not None else resources


@extend_schema_view(
    list=extend_schema(
        description="Allocations of machine time. A person sees those of the projects they "
        "are on (staff: all); a partner site's key sees its own site's. Filter by site, "
        "project, status and the day they run on."
    ),
    retrieve=extend_schema(description="One allocation the caller may see."),
)
class AllocationViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsAuthenticated | IsSiteKey]
    authentication_classes = AUTHENTICATION
    serializer_class = AllocationSerializer
    filterset_class = AllocationFilter

    def get_queryset(self):
        key = site_key_of(self.request)
        if key is not None:
            return selectors.allocations_of_site(key)
        return selectors.allocations_visible_to(self.request.user)

    def list(self, request, *args, **kwargs) -> Response:
        """The page as plain rows, written as AllocationSerializer writes an allocation (a
        test holds the two equal): partner sites poll this list, and building three joined
        model instances and nested serializers per row was most of its cost."""
        allocations = self.filter_queryset(self.get_queryset())
        key = site_key_of(request)
        if key is None:
            rows = allocations.values(*_ROW, "resource__site__slug")
        else:  # its own site's: the key has it, no need to join the sites
            rows = allocations.values(*_ROW, resource__site__slug=Value(key.site.slug))
        page = self.paginate_queryset(CountedRows(rows, allocations))
        write = _row_writer(self.get_serializer_class(), request)
        return self.get_paginated_response([write(row) for row in page])


# And the site's slug ("resource__site__slug").
_ROW = (
    "id", "project__slug", "project__title", "resource_id",
    "resource__slug", "resource__name", "resource__kind", "resource__unit",
    "resource__capacity", "period__name", "granted", "used", "start", "end", "status",
)  # fmt: skip


def _row_writer(serializer: type[AllocationSerializer], request) -> Callable[[dict], dict]:
    """A function writing one row of `_ROW` as `serializer` writes its allocation: the
    same fields, formatted by the serializer's own fields."""
    granted, used, remaining, start, end, capacity = _formatters(serializer)
    detail = request.build_absolute_uri(reverse("api:allocation-detail", kwargs={"pk": 0}))
    before, after = detail.rsplit("/0/", 1)

    def write(row: dict) -> dict:
        return {
            "id": row["id"],
            "url": f"{before}/{row['id']}/{after}",
            "project": {"slug": row["project__slug"], "title": row["project__title"]},
            "site": row["resource__site__slug"],
            "resource": {
                "id": row["resource_id"],
                "slug": row["resource__slug"],
                "name": row["resource__name"],
                "kind": row["resource__kind"],
                "unit": row["resource__unit"],
                "capacity": capacity.to_representation(row["resource__capacity"]),
            },
            "period": row["period__name"],
            "granted": granted.to_representation(row["granted"]),
            "used": used.to_representation(row["used"]),
            "remaining": remaining.to_representation(row["granted"] - row["used"]),
            "start": start.to_representation(row["start"]),
            "end": end.to_representation(row["end"]),
            "status": row["status"],
        }

    return write


@cache
def _formatters(serializer: type[AllocationSerializer]) -> tuple:
    """The serializer's fields that format the row's numbers and dates, built once: they
    depend on the settings only, and building a serializer's fields for every request
    cost more than writing its page."""
    fields = serializer().fields
    return (
        fields["granted"],
        fields["used"],
        fields["remaining"],
        fields["start"],
        fields["end"],
        fields["resource"].fields["capacity"],
    )
