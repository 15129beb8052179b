"""`seed_scale --projects N`: synthetic projects in bulk for the benchmark."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from projects.models import Project, TeamMember

pytestmark = pytest.mark.django_db


def test_seed_scale_adds_projects_led_by_researchers_and_adds_nothing_when_run_again():
    call_command("seed_scale", researchers=40, projects=60, stdout=StringIO())
    call_command("seed_scale", projects=60, stdout=StringIO())

    projects = Project.objects.filter(slug__startswith="scale-")
    assert projects.count() == 60
    assert TeamMember.objects.filter(role=TeamMember.Role.PI).count() == 60
    assert not projects.filter(expertise__isnull=True).exists()
    assert len(set(projects.values_list("status", flat=True))) >= 3
    assert not projects.filter(title__contains=" a a").exists()
    assert not projects.filter(title__regex=r"\ba [aeiou]").exists()


def test_seed_scale_needs_a_number():
    with pytest.raises(CommandError):
        call_command("seed_scale", stdout=StringIO())
