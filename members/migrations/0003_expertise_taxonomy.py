"""The TPC community's own list of expertise areas, grouped (see DESIGN.md, members)."""

from django.db import migrations
from django.utils.text import slugify

TAXONOMY = [
    (
        "methods",
        [
            "Model architectures",
            "NLP and multimodal models",
            "AI workflows",
            "Data aggregation, cleaning and curation",
            "Evaluation",
            "Downstream adaptation",
            "Alignment and trust",
        ],
    ),
    (
        "systems",
        [
            "Scalable libraries and frameworks",
            "Training runtimes",
            "Hardware systems",
            "Software systems",
        ],
    ),
    (
        "domains",
        [
            "Physics",
            "Chemistry",
            "Biology",
            "Materials",
            "Climate",
            "Medicine",
            "Engineering",
        ],
    ),
]


def seed(apps, schema_editor):
    ExpertiseArea = apps.get_model("members", "ExpertiseArea")
    position = 0
    for group, names in TAXONOMY:
        for name in names:
            position += 10
            ExpertiseArea.objects.update_or_create(
                slug=slugify(name), defaults={"name": name, "group": group, "position": position}
            )


def unseed(apps, schema_editor):
    ExpertiseArea = apps.get_model("members", "ExpertiseArea")
    slugs = [slugify(name) for _group, names in TAXONOMY for name in names]
    ExpertiseArea.objects.filter(slug__in=slugs, profiles__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("members", "0002_institutions_profiles")]

    operations = [migrations.RunPython(seed, unseed)]
