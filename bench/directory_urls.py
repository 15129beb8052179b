"""The portal's URLs plus the baseline of bench_directory: a plain DRF list."""

from django.urls import include, path
from rest_framework import generics, serializers

from members.models import Profile


class PlainProfileSerializer(serializers.ModelSerializer):
    class Meta:
        model = Profile
        fields = ["id", "display_name", "title", "career_stage"]


class PlainProfileList(generics.ListAPIView):
    """A plain DRF list: one table, default pagination (25), no filters, no joins."""

    queryset = Profile.objects.order_by("id")
    serializer_class = PlainProfileSerializer


urlpatterns = [
    path("bench/plain-profiles/", PlainProfileList.as_view()),
    path("", include("portal.urls")),
]
