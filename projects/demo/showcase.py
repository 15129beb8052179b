"""Demo data for a local `make run`: 25 projects of the kinds the consortium runs, at every
status, with teams from several institutions, what they share and under which terms, their
outputs, and their linked working groups; made through the real services, and decided by
the demo committee the way it decides every case. Never load this into production.

- Grace Lead (grace.lead@tpc.example) is PI of an active project (the first one, so the
  allocations demo gives it machine time; someone waits for her answer to a request to
  join) and co-PI of a draft.
- Ada Researcher (ada.researcher@tpc.example) is co-PI of an active evaluation suite,
  was on a completed project, writes a draft of her own and is invited to another team.
- Two proposals before the committee overlap plainly (a protein foundation model, twice):
  the similar-work list on either one shows the other.

Grace chairs the demo committee and Ada is vice-chair: no project has both of their
institutions on its team, or the committee would have no one to chair its case.

The plans themselves (data) are in plans.py.
"""

from collections.abc import Iterator
from datetime import timedelta

from django.utils import timezone

from members.models import ExpertiseArea, Institution, Profile, User
from notifications.models import EmailState, Notification
from projects import services
from projects.demo.plans import (
    CO_PI,
    DEMO_RESEARCHERS,
    DOI,
    ESTABLISHED,
    GRACE,
    MEMBER,
    OVERLAPPING,
    PI,
    STUDENT,
    P,
    Plan,
)
from projects.demo.proposals import PROPOSALS
from projects.models import Project
from projects.selectors import working_groups_to_link
from projects.similarity import similar_above_threshold
from steering import selectors as committee
from steering import services as steering
from steering.models import Case

# Every demo project, the active ones first (the allocations demo takes the first three).
PLANS = [*ESTABLISHED, *PROPOSALS]


def seed() -> Iterator[str]:
    if Project.objects.filter(title__in=[plan.title for plan in PLANS]).exists():
        return
    people = _People()
    if not people.ready():
        yield "No demo researchers to form project teams (run the members demo first)"
        return
    last = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    made: dict[str, int] = {}
    for plan in PLANS:
        project = _make(plan, people)
        made[project.status] = made.get(project.status, 0) + 1
    # Demo data fills inboxes, not the console: the notices it caused are not e-mailed,
    # neither now nor in tomorrow's digest (a new team member's notice waits for one).
    Notification.objects.filter(
        pk__gt=last, email_state__in=[EmailState.PENDING, EmailState.DIGEST]
    ).update(email_state=EmailState.SKIPPED)
    statuses = ", ".join(
        f"{count} {Project.Status(status).label.lower()}" for status, count in made.items()
    )
    yield f"Created {sum(made.values())} projects: {statuses}"
    yield f"{GRACE} is PI of {PLANS[0].title!r}, where a request to join waits for her"
    first, second = OVERLAPPING
    yield f"Two overlapping proposals before the committee: {first!r} and {second!r}"


class _People:
    """The demo's researchers by institution, handed out so that the same few people are
    not on every team: the least used first, a student for a student's place when there is
    one, never a hidden profile."""

    def __init__(self) -> None:
        profiles = (
            Profile.objects.filter(
                user__email__endswith=DEMO_RESEARCHERS,
                institution__status=Institution.Status.MEMBER,
            )
            .exclude(visibility=Profile.Visibility.HIDDEN)
            .select_related("user", "institution")
            .order_by("user__email")
        )
        self.by_institution: dict[str, list[Profile]] = {}
        for profile in profiles:
            self.by_institution.setdefault(profile.institution.short_name, []).append(profile)
        self.everyone = [profile for group in self.by_institution.values() for profile in group]
        self.used: dict[int, int] = {}

    def ready(self) -> bool:
        return len(self.everyone) >= 10

    def pick(self, who: str, role: str, taken: set[int]) -> User | None:
        """A demo person's account, or someone at the institution of this short name (anyone
        else when it has no one free)."""
        if "@" in who:
            return User.objects.filter(email=who, profile__institution__isnull=False).first()
        candidates = [p for p in self.by_institution.get(who, []) if p.user_id not in taken]
        candidates = candidates or [p for p in self.everyone if p.user_id not in taken]
        if role == STUDENT:
            wanted = {Profile.CareerStage.STUDENT, Profile.CareerStage.POSTDOC}
        elif role in (PI, CO_PI):
            wanted = {Profile.CareerStage.SENIOR, Profile.CareerStage.STAFF,
                      Profile.CareerStage.EARLY_CAREER}  # fmt: skip
        else:
            wanted = set(Profile.CareerStage.values)
        chosen = min(
            candidates,
            key=lambda p: (p.career_stage not in wanted, self.used.get(p.user_id, 0)),
        )
        self.used[chosen.user_id] = self.used.get(chosen.user_id, 0) + 1
        return chosen.user


def _make(plan: Plan, people: _People) -> Project:
    """The project of a plan, from its draft to the stage where the plan ends."""
    taken: set[int] = set()
    team = []
    for role, who in plan.team:
        person = people.pick(who, role, taken)
        if person is not None and person.pk not in taken:
            taken.add(person.pk)
            team.append((role, person))
    (_role, pi), *others = team
    project = services.project_draft_create(
        actor=pi,
        title=plan.title,
        summary=plan.summary,
        goals=plan.goals,
        kind=plan.kind,
        expertise=ExpertiseArea.objects.filter(slug__in=plan.areas),
        keywords=plan.keywords,
        working_groups=working_groups_to_link().filter(slug__in=plan.groups),
    )
    for role, person in others:
        place = services.team_invite(
            project=project, actor=pi, user=person, role=role, message=_invitation(plan)
        )
        services.team_invitation_accept(place=place, actor=person)
    for what, description, terms in plan.shares:
        services.share_add(
            project=project, actor=pi, what=what, description=description, terms=terms
        )
    for role, who in plan.invited:
        person = people.pick(who, role, taken)
        if person is not None and person.pk not in taken:
            taken.add(person.pk)
            services.team_invite(
                project=project, actor=pi, user=person, role=role, message=_invitation(plan)
            )
    _advance(project, plan, pi)
    project.refresh_from_db()
    if project.status == P.ACTIVE and plan.asks_to_join:
        person = people.pick(plan.asks_to_join, MEMBER, taken)
        if person is not None and person.pk not in taken:
            services.team_request_join(
                project=project,
                actor=person,
                message="I work on this at my institution and would like to contribute.",
            )
    return project


def _invitation(plan: Plan) -> str:
    return f"Would you join us on {plan.title}? Your experience would help the team."


# What the committee decides for a plan that ends at this stage, and what its review says.
OUTCOMES = {
    "active": ("approved", "approve"),
    "completed": ("approved", "approve"),
    "rejected": ("rejected", "reject"),
    "revision": ("revision_requested", "revise"),
    "resubmitted": ("revision_requested", "revise"),
}


def _advance(project: Project, plan: Plan, pi: User) -> None:
    """Through the committee to the plan's stage (as far as a seated committee allows)."""
    if plan.stage == "draft":
        return
    if plan.stage == "draft_withdrawn":
        services.project_withdraw(project=project, actor=pi)
        return
    case = _submit(project, plan, pi)
    chair = _acting_chair(case)
    if plan.stage == "submitted" or chair is None:
        return  # before the review, or no committee to chair it: the case waits
    case = steering.case_review_start(
        case=case, actor=chair, review_deadline=timezone.now() + timedelta(days=14)
    )
    if plan.stage in ("in_review", "withdrawn"):
        _review(case, chair, plan, assign=2, write=1, recommendation="approve")
        if plan.stage == "withdrawn":  # the PI takes it back while it is reviewed
            services.project_withdraw(project=project, actor=pi)
        return
    outcome, recommendation = OUTCOMES[plan.stage]
    _review(case, chair, plan, assign=1, write=1, recommendation=recommendation)
    if _decide(case, chair, outcome, plan):
        _after_decision(project, plan, pi)


def _after_decision(project: Project, plan: Plan, pi: User) -> None:
    if plan.stage == "resubmitted":
        _resubmit(project, plan, pi)
    elif plan.stage in ("active", "completed"):
        _outputs(project, plan, pi)
        if plan.stage == "completed":
            services.project_complete(project=project, actor=pi)


def _submit(project: Project, plan: Plan, pi: User) -> Case:
    """The PI submits; when existing work is similar above the threshold, saying how the
    project differs (the plan's words, or a sentence naming the similar work)."""
    differs = plan.differs or None
    if differs is None and similar_above_threshold(project):
        differs = (
            "We have read the similar projects listed: ours answers a different scientific "
            "question, and we will share our results with their teams."
        )
    services.project_submit(project=project, actor=pi, differs_from_similar=differs)
    return project.cases.get()


def _acting_chair(case: Case) -> User | None:
    seat = committee.acting_chair_seat(case)
    return seat.representative if seat is not None else None


def _review(
    case: Case, chair: User, plan: Plan, *, assign: int, write: int, recommendation: str
) -> None:
    """The acting chair asks the best-suited seats to review; the first ones write."""
    reviews = [
        steering.review_assign(case=case, seat=suggestion.seat, actor=chair)
        for suggestion in committee.reviewer_suggestions(case)[:assign]
    ]
    for review in reviews[:write]:
        steering.review_submit(
            review=review,
            actor=review.seat.representative,
            score={"approve": 4, "revise": 3, "reject": 2}[recommendation],
            recommendation=recommendation,
            comments_committee="Read against the consortium's current projects.",
            comments_proposer=plan.comments,
        )


def _decide(case: Case, chair: User, outcome: str, plan: Plan) -> bool:
    """The committee votes (every seat entitled to, the same way) and the chair records
    the outcome; the project follows through its apply_decision."""
    ballot = steering.ballot_open(
        case=case, actor=chair, closes_at=timezone.now() + timedelta(days=7)
    )
    electorate = list(committee.ballot_electorate(ballot).select_related("representative"))
    if not electorate:
        return False
    choice = "approve" if outcome == "approved" else "reject"
    for seat in electorate:
        steering.vote_cast(ballot=ballot, actor=seat.representative, choice=choice)
    steering.decision_record(
        case=Case.objects.get(pk=case.pk), actor=chair, outcome=outcome, rationale=plan.rationale
    )
    return True


def _resubmit(project: Project, plan: Plan, pi: User) -> None:
    """The PI answers the request for revision: a new summary, submitted again (version 2,
    which reviewers compare with the version they read)."""
    project.refresh_from_db()
    services.project_update(
        project=project,
        actor=pi,
        title=project.title,
        summary=plan.revised_summary,
        goals=project.goals,
        kind=project.kind,
        expertise=project.expertise.all(),
        keywords=project.keywords.values_list("name", flat=True),
        working_groups=project.working_groups.all(),
    )
    services.project_submit(project=project, actor=pi, note=plan.resubmission_note)


def _outputs(project: Project, plan: Plan, pi: User) -> None:
    for kind, title, suffix in plan.outputs:
        services.output_add(project=project, actor=pi, kind=kind, title=title, doi=DOI + suffix)
