"""Synthetic projects in bulk, for benchmarks (`manage.py seed_scale --projects N`).

This bypasses the services on purpose, as members/demo/researchers.py does: thousands of
rows in a handful of bulk INSERTs, then every search vector in one UPDATE. Never used on
real data.
"""

import random
import re
from collections.abc import Sequence
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from members.demo.names import KEYWORDS
from members.models import ExpertiseArea, Keyword, Profile
from projects.demo.topics import TOPICS
from projects.demo.vocabulary import ARTEFACTS, GENERIC, METHODS, SYSTEMS, TITLES
from projects.models import Opening, Project, TeamMember
from projects.search import project_search_columns_update

# How a portal's projects spread over the statuses after a few years.
STATUS_WEIGHTS = {
    Project.Status.ACTIVE: 55,
    Project.Status.COMPLETED: 22,
    Project.Status.PROPOSED: 8,
    Project.Status.DRAFT: 7,
    Project.Status.REVISION_REQUESTED: 3,
    Project.Status.REJECTED: 3,
    Project.Status.WITHDRAWN: 2,
}
KIND_OF_METHOD_AREA = {
    "evaluation": Project.Kind.EVALUATION,
    "alignment-and-trust": Project.Kind.EVALUATION,
    "data-aggregation-cleaning-and-curation": Project.Kind.DATA_CURATION,
    "training-runtimes": Project.Kind.BENCHMARKING,
    "hardware-systems": Project.Kind.BENCHMARKING,
    "scalable-libraries-and-frameworks": Project.Kind.PLATFORM,
    "ai-workflows": Project.Kind.APPLICATION,
    "downstream-adaptation": Project.Kind.APPLICATION,
}


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def project_text(rng: random.Random) -> tuple[str, str, list[str]]:
    """A synthetic project's title, summary and expertise area slugs."""
    topic_area, topic, topic_details = rng.choice(TOPICS)
    method_area, method, method_details = rng.choice(METHODS)
    title = rng.choice(TITLES).format(
        topic=topic, Topic=_cap(topic), method=method, Method=_cap(method)
    )
    title = re.sub(r"\b([Aa]) (?=[aeiou])", r"\1n ", title)  # "a active" -> "an active"
    generic = [sentence.format(system=rng.choice(SYSTEMS)) for sentence in rng.sample(GENERIC, 3)]
    sentences = [
        *rng.sample(topic_details, rng.randint(1, 2)),
        *rng.sample(method_details, rng.randint(1, 2)),
        rng.choice(ARTEFACTS),
        *generic,
    ]
    return _cap(title), " ".join(sentences), sorted({topic_area, method_area})


@transaction.atomic
def projects_bulk_create(*, count: int, seed: int = 2026, batch_size: int = 2000) -> int:
    """Create `count` synthetic projects led by existing researchers; return how many.

    Slugs end in the running number, so running twice adds nothing. Needs researchers at
    member institutions (seed_scale --researchers N first) and the expertise taxonomy.
    """
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets
    people = list(
        Profile.objects.filter(institution__isnull=False)
        .order_by("id")
        .values_list("user_id", "institution_id")[:5000]
    )
    areas = dict(ExpertiseArea.objects.values_list("slug", "pk"))
    if not people or not areas:
        raise RuntimeError("Seed researchers (seed_scale --researchers N) and the taxonomy first.")
    rows = []
    for n in range(count):
        title, summary, area_slugs = project_text(rng)
        status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
        pi, institution = rng.choice(people)
        rows.append((n, title, summary, area_slugs, status, pi, institution))
    existing = set(Project.objects.filter(slug__startswith="scale-").values_list("slug", flat=True))
    created = 0
    for start in range(0, len(rows), batch_size):
        batch = [row for row in rows[start : start + batch_size] if _slug(row) not in existing]
        created += _create(batch, rng, people, areas)
    project_search_columns_update(project_ids=None)
    return created


def _slug(row: tuple) -> str:
    n, title = row[0], row[1]
    return f"scale-{n:06d}-{slugify(title)[:50]}".rstrip("-")


def _create(rows: list[tuple], rng: random.Random, people: Sequence, areas: dict) -> int:
    now = timezone.now()
    projects = []
    for row in rows:
        _n, title, summary, area_slugs, status, pi, institution = row
        created = now - timedelta(days=rng.randint(1, 1500))
        projects.append(
            Project(
                title=title,
                slug=_slug(row),
                summary=summary,
                kind=KIND_OF_METHOD_AREA.get(area_slugs[-1], Project.Kind.MODEL_BUILDING),
                status=status,
                lead_institution_id=institution,
                created_by_id=pi,
                created=created,
                updated=created,
            )
        )
    projects = Project.objects.bulk_create(projects)
    if projects and projects[0].pk is None:  # backends without RETURNING: fetch the ids
        by_slug = dict(
            Project.objects.filter(slug__in=[p.slug for p in projects]).values_list("slug", "pk")
        )
        for project in projects:
            project.pk = by_slug[project.slug]
    team, area_links, keyword_links, openings = [], [], [], []
    names = sorted({keyword for values in KEYWORDS.values() for keyword in values})
    Keyword.objects.bulk_create([Keyword(name=name) for name in names], ignore_conflicts=True)
    keyword_ids = dict(Keyword.objects.filter(name__in=names).values_list("name", "pk"))
    for project, row in zip(projects, rows, strict=True):
        area_slugs, pi, institution = row[3], row[5], row[6]
        team.append(
            TeamMember(
                project=project, user_id=pi, institution_id=institution, role=TeamMember.Role.PI
            )
        )
        for user_id, member_institution in rng.sample(people, rng.randint(0, 3)):
            if user_id != pi:
                team.append(
                    TeamMember(project=project, user_id=user_id, institution_id=member_institution)
                )
        area_links += [
            Project.expertise.through(project_id=project.pk, expertisearea_id=areas[slug])
            for slug in area_slugs
            if slug in areas
        ]
        pool = sorted({k for slug in area_slugs for k in KEYWORDS.get(slug, [])})
        keyword_links += [
            Project.keywords.through(project_id=project.pk, keyword_id=keyword_ids[name])
            for name in rng.sample(pool, min(len(pool), rng.randint(1, 3)))
        ]
        if project.status == Project.Status.ACTIVE and rng.random() < 0.15:
            openings.append(
                Opening(
                    project=project,
                    position=rng.choice(Opening.Position.values),
                    title=f"{rng.choice(['Graduate student', 'Postdoc', 'Research engineer'])}: "
                    f"{project.title}"[:200],
                    description=project.summary[:500],
                    deadline=(project.created + timedelta(days=rng.randint(400, 2000))).date(),
                    created_by_id=pi,
                )
            )
    TeamMember.objects.bulk_create(team, batch_size=5000, ignore_conflicts=True)
    Project.expertise.through.objects.bulk_create(area_links, batch_size=10000)
    Project.keywords.through.objects.bulk_create(keyword_links, batch_size=10000)
    Opening.objects.bulk_create(openings, batch_size=5000)
    return len(projects)
