"""The expertise taxonomy speaks the reader's language; its slugs stay (issue 9, defect 8)."""

import pytest
from django.urls import reverse
from django.utils import translation

from members.models import ExpertiseArea
from members.taxonomy import AREA_NAMES, area_label
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def test_every_seeded_area_is_listed_for_translation_and_has_russian():
    """Sweep: an area added to the taxonomy without a translation fails here."""
    seeded = list(ExpertiseArea.objects.values_list("name", flat=True))

    assert len(seeded) == len(AREA_NAMES) == 18
    assert set(seeded) == set(AREA_NAMES)
    with translation.override("ru"):
        for name in seeded:
            assert area_label(name) != name, name
            assert not any("a" <= letter <= "z" for letter in area_label(name).lower()), name


def test_an_area_name_shows_in_russian_on_a_profile_and_in_the_directory(client, member):
    physics = ProfileFactory(expertise=["physics"], institution=member.institution)
    client.force_login(member.user)

    profile = client.get(reverse("members:profile", args=[physics.pk]), HTTP_ACCEPT_LANGUAGE="ru")
    directory = client.get(reverse("members:researchers"), HTTP_ACCEPT_LANGUAGE="ru")

    assert "Физика" in profile.content.decode()
    assert "Physics" not in profile.content.decode()
    assert "Физика" in directory.content.decode()  # the card and the filter's label


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_expertise_filter_works_by_slug_in_both_languages(client, member, language):
    physicist = ProfileFactory(expertise=["physics"], institution=member.institution)
    chemist = ProfileFactory(expertise=["chemistry"], institution=member.institution)
    client.force_login(member.user)

    response = client.get(
        reverse("members:researchers"), {"expertise": "physics"}, HTTP_ACCEPT_LANGUAGE=language
    )

    shown = {profile.pk for profile in response.context["page"]}
    assert physicist.pk in shown
    assert chemist.pk not in shown


def test_the_api_gives_the_name_and_the_label_in_the_callers_language(client):
    rows = client.get("/api/v1/expertise-areas/", HTTP_ACCEPT_LANGUAGE="ru").json()
    rows = rows["results"] if isinstance(rows, dict) else rows

    physics = next(row for row in rows if row["slug"] == "physics")
    assert physics["name"] == "Physics"
    assert physics["label"] == "Физика"


def test_an_area_staff_added_without_a_translation_shows_as_written():
    area = ExpertiseArea(name="Name", slug="name", group="domains")

    with translation.override("ru"):
        assert area.label == "Name"  # not the translation of the unrelated message "name"
