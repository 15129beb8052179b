"""The similar-work ranking (projects/similarity.py) on a labelled set of its own
(tests/projects/similarity_corpus.py): 32 paraphrased near-duplicates among 220 projects,
and drafts about topics nobody works on.

The measured numbers are PostgreSQL's (full text over the stored vector, trigrams, areas);
SQLite's plain fallback is held to sensible answers only.
"""

import pytest
from django.db import connection

from members.models import ExpertiseArea
from projects import similarity, similarity_words
from projects.models import Project
from projects.search import project_search_columns_update
from projects.similarity import SIMILARITY_THRESHOLD, similar_above_threshold, similar_projects
from tests.factories import ProjectFactory, UserFactory
from tests.projects.similarity_corpus import (
    GENERIC,
    Draft,
    duplicate_pairs,
    is_unrelated,
    stored_projects,
    unrelated_drafts,
)

pytestmark = pytest.mark.django_db

STOP = similarity_words.STOP_WORDS


def _load(drafts: list[Draft], *, status: str = Project.Status.ACTIVE) -> dict[int, Draft]:
    """The drafts as projects (bulk: 220 rows in a few statements), with their vectors and
    the planner's statistics, as a settled database has them. Project id -> draft."""
    creator = UserFactory()
    projects = Project.objects.bulk_create(
        [
            Project(
                title=draft.title,
                slug=draft.key,
                summary=draft.summary,
                kind=Project.Kind.MODEL_BUILDING,
                status=status,
                created_by=creator,
            )
            for draft in drafts
        ]
    )
    if projects[0].pk is None:
        ids = dict(Project.objects.values_list("slug", "pk"))
        for project in projects:
            project.pk = ids[project.slug]
    areas = dict(ExpertiseArea.objects.values_list("slug", "pk"))
    Project.expertise.through.objects.bulk_create(
        [
            Project.expertise.through(project_id=project.pk, expertisearea_id=areas[slug])
            for project, draft in zip(projects, drafts, strict=True)
            for slug in draft.areas
        ]
    )
    project_search_columns_update(project_ids=None)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Project._meta.db_table}")
    return {project.pk: draft for project, draft in zip(projects, drafts, strict=True)}


def _area_ids(draft: Draft) -> list[int]:
    return list(ExpertiseArea.objects.filter(slug__in=draft.areas).values_list("pk", flat=True))


def _similar(draft: Draft, **options) -> list:
    return similar_projects(
        title=draft.title, summary=draft.summary, area_ids=_area_ids(draft), **options
    )


@pytest.fixture
def corpus() -> dict[int, Draft]:
    return _load(stored_projects())


@pytest.fixture
def plain_fallback(monkeypatch):
    """The SQLite fallback, whatever the database: it is plain ORM and Python."""
    monkeypatch.setattr(similarity, "_ranks_on_postgresql", lambda: False)


def test_the_labelled_set_is_what_it_claims():
    stored = stored_projects()
    pairs = duplicate_pairs()
    keys = {draft.key for draft in stored}
    assert len(stored) >= 200
    assert len(keys) == len(stored)
    assert len(pairs) >= 30
    assert all(key in keys for _draft, key in pairs)
    by_key = {draft.key: draft for draft in stored}
    for draft, key in pairs:
        original = by_key[key]
        assert draft.title != original.title
        # Paraphrased: no sentence about the work is repeated (the consortium's boilerplate
        # may be), and most of its words are new.
        told = [s for s in draft.summary.split(". ") if not any(g.startswith(s) for g in GENERIC)]
        assert not any(sentence in original.summary for sentence in told)
        words = set(" ".join(told).lower().split()) - STOP
        assert len(words & set(original.summary.lower().split())) < len(words) / 2


@pytest.mark.postgres
def test_recall_of_paraphrased_duplicates_in_the_top_five_is_at_least_nine_in_ten(corpus):
    ids = {draft.key: pk for pk, draft in corpus.items()}
    found = 0
    for draft, key in duplicate_pairs():
        ranked = [item.project.pk for item in _similar(draft)]
        found += ids[key] in ranked

    assert found / len(duplicate_pairs()) >= 0.9


@pytest.mark.postgres
def test_most_duplicates_score_above_the_threshold_and_rank_first(corpus):
    ids = {draft.key: pk for pk, draft in corpus.items()}
    first, above = 0, 0
    for draft, key in duplicate_pairs():
        items = _similar(draft)
        first += bool(items) and items[0].project.pk == ids[key]
        above += any(item.project.pk == ids[key] and item.above_threshold for item in items)

    assert first / len(duplicate_pairs()) >= 0.9
    assert above / len(duplicate_pairs()) >= 0.9


@pytest.mark.postgres
def test_unrelated_projects_score_below_the_threshold(corpus):
    checked = 0
    for draft, _key in duplicate_pairs():
        for item in _similar(draft, limit=len(corpus)):
            if is_unrelated(draft, corpus[item.project.pk]):
                checked += 1
                assert item.score < SIMILARITY_THRESHOLD, (draft.title, item.project.title)
    assert checked >= 30  # unrelated projects the ranking found at all (the rest scored 0)

    for draft in unrelated_drafts():
        assert all(item.score < SIMILARITY_THRESHOLD for item in _similar(draft)), draft.title


@pytest.mark.postgres
def test_each_item_says_which_words_and_areas_it_shares(corpus):
    draft, key = duplicate_pairs()[0]

    best = _similar(draft)[0]

    assert best.project.slug == key
    assert 0 < best.score <= 1
    assert best.shared_terms
    # Shown as the draft wrote them, not as stems.
    draft_words = draft.title.lower() + " " + draft.summary.lower()
    assert all(term in draft_words for term in best.shared_terms)
    assert {area.slug for area in best.shared_areas} == set(draft.areas)


def test_scores_are_between_zero_and_one_best_first(corpus):
    draft, _key = duplicate_pairs()[1]

    scores = [item.score for item in _similar(draft, limit=20)]

    assert scores == sorted(scores, reverse=True)
    assert all(0 <= score <= 1 for score in scores)


def test_only_proposed_active_and_completed_projects_count_as_existing_work():
    original = stored_projects()[0]
    counted = {}
    for status in Project.Status.values:
        project = ProjectFactory(
            title=original.title, summary=original.summary, status=status, slug=f"p-{status}"
        )
        counted[status] = project.pk
    project_search_columns_update(project_ids=None)

    found = {item.project.pk for item in _similar(original, limit=20)}

    assert found == {counted[status] for status in Project.EXISTING_WORK_STATUSES}


def test_the_draft_itself_is_excluded():
    original = stored_projects()[3]
    project = ProjectFactory(title=original.title, summary=original.summary)
    other = ProjectFactory(title=original.title, summary=original.summary + " Again.")
    project_search_columns_update(project_ids=None)

    found = [item.project for item in _similar(original, exclude_id=project.pk)]

    assert found == [other]


def test_an_empty_draft_has_no_similar_work(corpus):
    assert similar_projects(title="", summary="  ", area_ids=[]) == []
    assert similar_projects(title="?!", summary="--", area_ids=[]) == []


def test_punctuation_in_the_draft_is_harmless(corpus):
    items = similar_projects(
        title="Protein's 'structure' & (prediction) | !folding: <3 \\ \"x\"",
        summary="Predicting how a protein folds:: from its amino-acid sequence ' | & ! ( )",
        area_ids=[],
    )

    assert items
    assert "protein" in items[0].project.title.lower()


def test_similar_above_threshold_is_what_the_submit_check_asks(corpus):
    draft, key = duplicate_pairs()[2]
    mine = ProjectFactory(
        title=draft.title, summary=draft.summary, status=Project.Status.DRAFT, slug="mine"
    )
    mine.expertise.set(ExpertiseArea.objects.filter(slug__in=draft.areas))
    project_search_columns_update(project_ids=[mine.pk])

    above = similar_above_threshold(mine)

    assert above
    assert above[0].project.slug == key
    assert all(item.score >= SIMILARITY_THRESHOLD for item in above)
    assert mine.pk not in {item.project.pk for item in above}


def test_a_draft_about_nothing_anyone_does_needs_no_explanation(corpus):
    draft = unrelated_drafts()[0]
    mine = ProjectFactory(
        title=draft.title, summary=draft.summary, status=Project.Status.DRAFT, slug="mine"
    )

    assert similar_above_threshold(mine) == []


# --- The SQLite fallback: plain words, sensible order -------------------------------------


def test_the_plain_fallback_ranks_clear_duplicates_first(corpus, plain_fallback):
    ids = {draft.key: pk for pk, draft in corpus.items()}
    pairs = duplicate_pairs()
    first = 0
    for draft, key in pairs:
        items = _similar(draft)
        first += bool(items) and items[0].project.pk == ids[key]
        assert ids[key] in [item.project.pk for item in items]

    assert first / len(pairs) >= 0.8


def test_the_plain_fallback_names_shared_words_and_areas(corpus, plain_fallback):
    draft, key = duplicate_pairs()[0]

    best = next(item for item in _similar(draft) if item.project.slug == key)

    assert best.shared_terms
    assert all(term in (draft.title + " " + draft.summary).lower() for term in best.shared_terms)
    assert {area.slug for area in best.shared_areas} == set(draft.areas)


def test_the_plain_fallback_keeps_unrelated_drafts_below_the_threshold(corpus, plain_fallback):
    for draft in unrelated_drafts():
        assert all(item.score < SIMILARITY_THRESHOLD for item in _similar(draft)), draft.title


def test_the_plain_fallback_excludes_drafts_and_the_project_itself(plain_fallback):
    original = stored_projects()[5]
    itself = ProjectFactory(title=original.title, summary=original.summary)
    ProjectFactory(title=original.title, summary=original.summary, status=Project.Status.DRAFT)
    active = ProjectFactory(title=original.title, summary=original.summary)

    found = [item.project for item in _similar(original, exclude_id=itself.pk)]

    assert found == [active]


def test_the_ranking_costs_a_few_queries_whatever_the_number_of_projects(
    corpus, django_assert_max_num_queries
):
    draft, _key = duplicate_pairs()[4]
    areas = _area_ids(draft)
    with django_assert_max_num_queries(3 if connection.vendor == "postgresql" else 4):
        items = similar_projects(title=draft.title, summary=draft.summary, area_ids=areas, limit=50)
    assert len(items) >= 20
