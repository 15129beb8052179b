"""The portal's URLs (with bench_directory's plain profile list) plus the baseline of
bench_usage's list: a plain DRF list of allocations."""

from django.urls import path
from rest_framework import generics, serializers

from bench.directory_urls import urlpatterns as directory_urlpatterns
from projects.models import Allocation


class PlainAllocationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Allocation
        fields = ["id", "project", "resource", "granted", "used", "start", "end", "status"]


class PlainAllocationList(generics.ListAPIView):
    """A plain DRF list: one table, default pagination (25), no filters, no joins."""

    queryset = Allocation.objects.order_by("id")
    serializer_class = PlainAllocationSerializer


urlpatterns = [
    path("bench/plain-allocations/", PlainAllocationList.as_view()),
    *directory_urlpatterns,
]
