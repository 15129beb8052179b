"""Similar work: the existing projects most like a draft, one selector for the proposal
form's live panel, the API (`POST /api/v1/projects/similar/`), the case page reviewers read
and the submit check.

Among projects that are proposed, active or completed (Project.EXISTING_WORK_STATUSES),
each candidate gets a score from 0 to 1, a weighted sum of three parts, each 0..1:

    score = 0.55 * text + 0.25 * title + 0.20 * areas

- **text** (PostgreSQL): how much of what the draft says the project says too. The draft's
  title (weight A) and summary (weight C) become lexemes (`to_tsvector('english')`), and
  its *significant* ones are OR-ed into a query: a paraphrase shares some words, never
  all, so the terms are not AND-ed as a web search would. Significant means not common
  among projects: PostgreSQL's own statistics of the stored vector (pg_stats'
  most_common_elems, kept by ANALYZE and autovacuum) say what share of projects holds each
  frequent lexeme; those in more than MAX_TERM_SHARE are left out (at most MAX_TERMS are
  kept, the rarest). The query is scored against the stored weighted vector (title A,
  keywords B, summary C) with `ts_rank`, divided by the draft's own rank against the same
  query: 1 when a project says everything the draft says, where the draft says it.
  ts_rank (for an OR-query: the average of each term's best weight, repeats counting a
  little) rather than ts_rank_cd: cover density rewards query words standing close
  together, which says little for scattered significant words, and it cost 15-45 us a row
  against ts_rank's 1-3.
- **title**: pg_trgm `similarity()` of the two titles.
- **areas**: Jaccard overlap of the expertise areas (shared / either).

Which projects are scored at all is decided through the vector's GIN index: a project is a
candidate if it holds one *rare* lexeme of the draft (in fewer than RARE_SHARE of
projects, or unknown to the statistics), or two of its PAIRED_TERMS rarest other
significant lexemes (`(a & b) | (a & c) | ...`). Pairs keep the candidates few where a
corpus repeats its topic words (one shared mid-frequency word says little, two say
more); more than about a dozen paired terms makes GIN's evaluation of the query blow up
(264 ms for 14 at 10,000 projects, 2.7 ms for 10). The candidates are ranked by text;
the best PRESELECT then get their title similarity and shared areas, and the best `limit`
of those are returned. The trigram GIN index is not a second way in: for a ten-word
title it reads the posting lists of some seventy trigrams, many in most titles ("mod",
"for"), which cost 24 ms at 10,000 projects, several times the whole ranking; a title
close enough to matter shares its rare words with the draft.

The weights and threshold were set on the labelled set in tests/projects/
similarity_corpus.py (32 paraphrased near-duplicates among 220 projects). On PostgreSQL
every duplicate ranks first; duplicates score 0.29 to 0.55 (median 0.45); no project of
another domain and method scores above 0.17, and no draft about something nobody works on
above 0.20. SIMILARITY_THRESHOLD (0.25) sits between them: a draft with a project scoring
at or above it must say how it differs before it is submitted. (The plain fallback on the
same set: duplicates 0.36 to 0.56, unrelated at most 0.24, two duplicates second or third.)

SQLite (development) has no lexemes, statistics or trigrams: a plain fallback compares
lower-case words, stop words dropped and crude suffixes cut, as sets (Jaccard), over at
most FALLBACK_CANDIDATES recent projects that contain one of the draft's longer words. Its
numbers are not PostgreSQL's; its order is sensible.

Who may see what is the caller's business: this ranks every existing project; the views
show an outsider a proposed project's title and status only (projects/views/similar.py).
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Q

from members.models import ExpertiseArea
from projects.models import Project
from projects.search import SEARCH_CONFIG
from projects.similarity_words import jaccard, tokens

WEIGHT_TEXT = 0.55
WEIGHT_TITLE = 0.25
WEIGHT_AREAS = 0.20
SIMILARITY_THRESHOLD = 0.25
LIMIT = 5

# The OR-query of the draft's significant lexemes (PostgreSQL).
MAX_TERM_SHARE = 0.10  # a lexeme in more projects than this says nothing particular
RARE_SHARE = 0.005  # a lexeme in fewer projects than this nominates a candidate alone
PAIRED_TERMS = 10  # any two of the rarest this many of the others nominate one
MAX_TERMS = 40  # significant lexemes ranked
PRESELECT = 30  # the best by text alone, then scored with title and areas
RANK_WEIGHTS = [0.1, 0.4, 0.6, 1.0]  # ts_rank's weights of D, C (summary), B (keywords), A
SHOWN_TERMS = 8

FALLBACK_CANDIDATES = 300


@dataclass(frozen=True)
class SimilarProject:
    """An existing project like the draft, with why: the words and areas they share."""

    project: Project
    score: float
    shared_terms: tuple[str, ...] = ()
    shared_areas: tuple[ExpertiseArea, ...] = field(default=())

    @property
    def percent(self) -> int:
        return round(self.score * 100)

    @property
    def above_threshold(self) -> bool:
        return self.score >= SIMILARITY_THRESHOLD


def similar_projects(
    *,
    title: str,
    summary: str,
    area_ids: Iterable[int],
    exclude_id: int | None = None,
    limit: int = LIMIT,
) -> list[SimilarProject]:
    """The `limit` existing projects most similar to a draft, best first (score 0..1).

    Only projects in Project.EXISTING_WORK_STATUSES, never `exclude_id` (the draft itself);
    each with the draft's words and expertise areas it shares. Three queries whatever the
    number of projects (the ranking, the projects, the areas; one more on SQLite).
    """
    title, summary = _plain(title)[:300], _plain(summary)[:5000]
    wanted_areas = sorted({int(pk) for pk in area_ids})
    if not (title or summary):
        return []
    if _ranks_on_postgresql():
        ranked = _ranked_postgresql(title, summary, wanted_areas, exclude_id, limit)
    else:
        ranked = _ranked_fallback(title, summary, wanted_areas, exclude_id, limit)
    if not ranked:
        return []
    projects = (
        Project.objects.filter(pk__in=[row.pk for row in ranked])
        .select_related("lead_institution")
        .defer("search_vector", "goals", "differs_from_similar")
        .in_bulk()
    )
    shared_area_ids = {pk for row in ranked for pk in row.area_ids}
    areas = ExpertiseArea.objects.in_bulk(shared_area_ids) if shared_area_ids else {}
    words = _surface_words(f"{title} {summary}")
    return [
        SimilarProject(
            project=projects[row.pk],
            score=row.score,
            shared_terms=tuple(_shown(row.terms, words)),
            shared_areas=tuple(
                sorted(
                    (areas[pk] for pk in row.area_ids if pk in areas),
                    key=lambda area: (area.position, area.name),
                )
            ),
        )
        for row in ranked
        if row.pk in projects
    ]


def similar_above_threshold(project: Project) -> list:
    """The similar projects a draft must say it differs from: those scoring at or above
    SIMILARITY_THRESHOLD, best first (the submit check)."""
    return [
        item
        for item in similar_projects(
            title=project.title,
            summary=project.summary,
            area_ids=project.expertise.values_list("pk", flat=True),
            exclude_id=project.pk,
        )
        if item.above_threshold
    ]


@dataclass(frozen=True)
class _Ranked:
    pk: int
    score: float
    terms: Sequence[str]
    area_ids: Sequence[int]


def _ranks_on_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _plain(text: str) -> str:
    """The text as words: punctuation to spaces, so that no character reaches a tsquery
    with a meaning of its own (the terms are quoted lexemes of this text only)."""
    return " ".join(re.sub(r"[^\w\s-]", " ", text or "").split())


# --- PostgreSQL -------------------------------------------------------------------------

_RANKING_SQL = """
WITH draft AS (
    SELECT setweight(to_tsvector(%(config)s::regconfig, %(title)s), 'A')
        || setweight(to_tsvector(%(config)s::regconfig, %(summary)s), 'C') AS vector
), common AS (
    -- How often each frequent lexeme occurs among projects: ANALYZE's statistics.
    SELECT e.lexeme, e.share
    FROM pg_stats AS s,
         unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS e(lexeme, share)
    WHERE s.schemaname = current_schema() AND s.tablename = %(table)s
      AND s.attname = 'search_vector' AND e.lexeme IS NOT NULL
), lexemes AS (
    SELECT d.lexeme, coalesce(c.share, 0) AS share,
           row_number() OVER (ORDER BY coalesce(c.share, 0), d.lexeme) AS place
    FROM draft, unnest(draft.vector) AS d
    LEFT JOIN common AS c ON c.lexeme = d.lexeme
    WHERE coalesce(c.share, 0) <= %(max_share)s
), rare AS (
    SELECT lexeme FROM lexemes WHERE share < %(rare_share)s AND place <= %(max_terms)s
), paired AS (
    SELECT lexeme, row_number() OVER (ORDER BY share, lexeme) AS place
    FROM lexemes WHERE share >= %(rare_share)s
), query AS (
    SELECT
        -- What ranks: every significant lexeme.
        (SELECT string_agg(quote_literal(lexeme), ' | ')
         FROM lexemes WHERE place <= %(max_terms)s)::tsquery AS ranked,
        -- What nominates a candidate: one rare lexeme, or two of the others.
        nullif(concat_ws(' | ',
            (SELECT string_agg(quote_literal(lexeme), ' | ') FROM rare),
            (SELECT string_agg(quote_literal(a.lexeme) || ' & ' || quote_literal(b.lexeme), ' | ')
             FROM paired AS a JOIN paired AS b ON a.place < b.place
             WHERE b.place <= %(paired_terms)s)
        ), '')::tsquery AS nominating
), candidates AS (
    SELECT p.id, p.title, p.search_vector,
           ts_rank(%(rank_weights)s, p.search_vector, query.ranked) AS rank
    FROM projects_project AS p, query
    WHERE p.search_vector @@ query.nominating
      AND p.status = ANY(%(statuses)s) AND p.id <> %(exclude)s
    ORDER BY rank DESC, p.id
    LIMIT %(preselect)s
), areas AS (
    SELECT l.project_id,
           array_agg(l.expertisearea_id) FILTER (WHERE l.expertisearea_id = ANY(%(areas)s))
               AS shared,
           count(*) AS total
    FROM projects_project_expertise AS l
    WHERE l.project_id IN (SELECT id FROM candidates)
    GROUP BY l.project_id
), scored AS (
    SELECT c.id, c.search_vector,
           %(w_text)s * least(1.0, c.rank / nullif(
               (SELECT ts_rank(%(rank_weights)s, draft.vector, query.ranked) FROM draft, query),
           0))
           + %(w_title)s * similarity(c.title, %(title)s)
           + %(w_areas)s * coalesce(
               cardinality(a.shared)::float / (a.total + %(area_count)s - cardinality(a.shared)),
           0) AS score,
           coalesce(a.shared, '{}') AS shared_areas
    FROM candidates AS c LEFT JOIN areas AS a ON a.project_id = c.id
    ORDER BY score DESC, c.id
    LIMIT %(limit)s
)
SELECT s.id, s.score,
       ARRAY(SELECT unnest(tsvector_to_array(s.search_vector))
             INTERSECT SELECT unnest(tsvector_to_array(draft.vector))
             INTERSECT SELECT lexeme FROM lexemes) AS terms,
       s.shared_areas
FROM scored AS s, draft
ORDER BY s.score DESC, s.id
"""


def _ranked_postgresql(
    title: str, summary: str, area_ids: list[int], exclude_id: int | None, limit: int
) -> list[_Ranked]:
    params: dict[str, Any] = {
        "config": SEARCH_CONFIG,
        "title": title,
        "summary": summary,
        "table": Project._meta.db_table,
        "max_share": MAX_TERM_SHARE,
        "rare_share": RARE_SHARE,
        "max_terms": MAX_TERMS,
        "paired_terms": PAIRED_TERMS,
        "preselect": max(PRESELECT, limit),
        "rank_weights": RANK_WEIGHTS,
        "statuses": list(Project.EXISTING_WORK_STATUSES),
        "exclude": exclude_id or 0,
        "areas": area_ids,
        "area_count": len(area_ids),
        "w_text": WEIGHT_TEXT,
        "w_title": WEIGHT_TITLE,
        "w_areas": WEIGHT_AREAS,
        "limit": limit,
    }
    with connection.cursor() as cursor:
        cursor.execute(_RANKING_SQL, params)
        rows = cursor.fetchall()
    return [
        _Ranked(pk=pk, score=round(min(1.0, float(score)), 4), terms=terms, area_ids=shared)
        for pk, score, terms, shared in rows
    ]


def _surface_words(text: str) -> dict[str, str]:
    """Lower-case words of the draft, for naming a lexeme by the word it came from."""
    words = re.findall(r"\w[\w-]*", text.lower())
    parts = [part for word in words if "-" in word for part in word.split("-") if part]
    return dict.fromkeys([*words, *parts], "")


def _shown(lexemes: Iterable[str], words: dict[str, str]) -> list[str]:
    """Shared lexemes as the draft wrote them: "downscal" is shown as "downscaling" (the
    shortest of the draft's words it begins), a word's stem being a prefix of it but for a
    few irregular endings, which then show as the lexeme."""
    shown = []
    for lexeme in sorted(lexemes):
        starting = [word for word in words if word.startswith(lexeme)]
        shown.append(min(starting, key=len) if starting else lexeme)
    unique = list(dict.fromkeys(shown))
    return sorted(unique, key=lambda word: (-len(word), word))[:SHOWN_TERMS]


# --- SQLite: the plain fallback (its words: similarity_words.py) ----------------------


def _ranked_fallback(
    title: str, summary: str, area_ids: list[int], exclude_id: int | None, limit: int
) -> list[_Ranked]:
    draft = tokens(f"{title} {summary}")
    draft_title = tokens(title)
    longest = sorted(draft, key=len, reverse=True)[:8]
    if not longest:
        return []
    anywhere = Q()
    for stem in longest:
        anywhere |= Q(title__icontains=stem) | Q(summary__icontains=stem)
    candidates = list(
        Project.objects.filter(anywhere, status__in=Project.EXISTING_WORK_STATUSES)
        .exclude(pk=exclude_id or 0)
        .order_by("-updated", "-id")
        .values_list("pk", "title", "summary")[:FALLBACK_CANDIDATES]
    )
    links: dict[int, set[int]] = {}
    for project_id, area_id in Project.expertise.through.objects.filter(
        project_id__in=[pk for pk, _t, _s in candidates]
    ).values_list("project_id", "expertisearea_id"):
        links.setdefault(project_id, set()).add(area_id)
    scored = []
    for pk, project_title, project_summary in candidates:
        words = tokens(f"{project_title} {project_summary}")
        shared = set(draft) & set(words)
        # Sets of words overlap less than lexeme ranks do: doubled, capped, the text part
        # spans about the same range as on PostgreSQL.
        text = min(1.0, 1.5 * jaccard(draft, words))
        score = (
            WEIGHT_TEXT * text
            + WEIGHT_TITLE * jaccard(draft_title, tokens(project_title))
            + WEIGHT_AREAS * jaccard(area_ids, links.get(pk, set()))
        )
        terms = [draft[stem] for stem in shared]
        scored.append(
            _Ranked(
                pk=pk,
                score=round(score, 4),
                terms=terms,
                area_ids=sorted(set(area_ids) & links.get(pk, set())),
            )
        )
    scored.sort(key=lambda row: (-row.score, row.pk))
    return scored[:limit]
