from io import StringIO

import pytest
from django.core.management import call_command

from members.models import Institution, Profile

pytestmark = pytest.mark.django_db


def test_seed_demo_loads_institutions_and_researchers_and_changes_nothing_when_run_again():
    call_command("seed_demo", stdout=StringIO())
    first = (Institution.objects.count(), Profile.objects.count())
    call_command("seed_demo", stdout=StringIO())

    assert (Institution.objects.count(), Profile.objects.count()) == first
    assert 65 <= first[0] <= 85
    assert Profile.objects.filter(user__email__endswith="@demo.tpc.example").count() == 500
    assert set(Institution.objects.values_list("kind", flat=True)) >= {
        "national_lab",
        "university",
        "research_institute",
        "industry",
    }
    assert Institution.objects.values("country").distinct().count() >= 10
    assert not Institution.objects.exclude(ror_id="").exists()  # no invented identifiers
    # Every taxonomy area has people.
    assert not Profile.expertise.field.related_model.objects.filter(profiles__isnull=True).exists()


def test_seed_scale_adds_the_requested_number_of_profiles():
    call_command("seed_scale", researchers=300, stdout=StringIO())

    assert Profile.objects.filter(user__email__endswith="@scale.tpc.example").count() == 300
