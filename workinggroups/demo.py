"""Demo data for a local `make run`: about a dozen working groups on the consortium's topics,
chartered by the demo committee, with leads and members from the demo researchers, and a
proposal and requests to join still waiting. Made through the real services. Never load
this into production.

Grace Lead (grace.lead@tpc.example) leads two groups and has requests to answer in one of
them; Ada Researcher is a member of several and has asked to join Grace's data-curation
group. Their meetings, minutes, action items and documents: workinggroups/demo_record.py.
"""

import random
from collections.abc import Iterator
from datetime import timedelta

from django.utils import timezone

from members.models import ExpertiseArea, Institution, User
from notifications.models import EmailState, Notification
from steering import selectors as committee
from steering import services as steering
from steering.models import Case
from workinggroups import demo_record
from workinggroups.models import Membership, WorkingGroup
from workinggroups.permissions import roles_of
from workinggroups.services.groups import working_group_propose
from workinggroups.services.membership import membership_approve, membership_join

LEAD_EMAIL = "grace.lead@tpc.example"
MEMBER_EMAIL = "ada.researcher@tpc.example"
MEMBERS_PER_GROUP = 12
# Requests to join left unanswered in each group that approves its members.
WAITING_REQUESTS = 3

# (name, slug, areas, join policy, mission)
GROUPS = [
    ("Model Architectures", "model-architectures", ["model-architectures"], "open",
     "Compare and co-design **architectures** for trillion-parameter science models: "
     "mixtures of experts, state-space models and long-context attention."),
    ("Data Curation for Science", "data-curation",
     ["data-aggregation-cleaning-and-curation"], "approval",
     "Shared pipelines to **aggregate, clean and deduplicate** scientific corpora: papers, "
     "simulation output and instrument data, with their licences recorded."),
    ("Evaluation and Benchmarks", "evaluation", ["evaluation"], "open",
     "Benchmarks that measure **scientific reasoning**, not recall, and a common harness "
     "to run them on every model the consortium trains."),
    ("Scalable Libraries", "scalable-libraries", ["scalable-libraries-and-frameworks"], "open",
     "Libraries and frameworks that scale training and inference across the consortium's "
     "leadership-class machines."),
    ("AI Workflows", "ai-workflows", ["ai-workflows"], "open",
     "Workflows that couple models with simulations, instruments and HPC schedulers."),
    ("Training Runtimes", "training-runtimes", ["training-runtimes", "hardware-systems"],
     "approval",
     "Checkpointing, fault tolerance and throughput of training runs on many thousands of "
     "accelerators."),
    ("Alignment and Trust", "alignment-and-trust", ["alignment-and-trust"], "approval",
     "Safety, provenance and trustworthiness of models used for science."),
    ("Materials and Chemistry", "materials-chemistry", ["materials", "chemistry"], "open",
     "Foundation models for **molecules and materials**: data, tokenisation and evaluation."),
    ("Climate and Earth Systems", "climate", ["climate"], "open",
     "Models of weather and climate, from downscaling to emulators of Earth-system models."),
    ("Biology and Medicine", "biology-medicine", ["biology", "medicine"], "approval",
     "Protein, genome and clinical models, and the data governance they need."),
    ("Physics and Cosmology", "physics", ["physics"], "open",
     "Models for particle physics, fusion and cosmology, trained on simulation and "
     "observation."),
    ("Downstream Adaptation", "downstream-adaptation", ["downstream-adaptation"], "open",
     "Fine-tuning, retrieval and tool use that turn general models into scientific "
     "assistants."),
]  # fmt: skip

# Still before the committee.
PROPOSAL = (
    "Engineering Design Models",
    "engineering-design",
    ["engineering"],
    "open",
    "Generative models for engineering design: CAD, meshes and multiphysics surrogates.",
)


def seed() -> Iterator[str]:
    if WorkingGroup.objects.exists():
        return
    last = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    people = _people()
    if len(people) < 3:
        yield "No confirmed members to form working groups (run the members demo first)"
        return
    rng = random.Random(11)  # noqa: S311 - demo data, the same on every run
    lead = User.objects.filter(email=LEAD_EMAIL).first() or people[0]
    member = User.objects.filter(email=MEMBER_EMAIL).first()
    others = [person for person in people if person.pk != lead.pk]
    chartered = 0
    for number, (name, slug, areas, policy, mission) in enumerate(GROUPS):
        proposer = lead if number < 2 else rng.choice(others)
        group = _propose(proposer, name, slug, areas, policy, mission)
        if not _charter(group):
            continue
        chartered += 1
        joiners = rng.sample(people, min(MEMBERS_PER_GROUP, len(people)))
        if member is not None and number % 3 == 0 and member not in joiners:
            joiners.append(member)
        for person in joiners:
            if person.pk != proposer.pk:
                membership_join(group=group, actor=person, message="I would like to take part.")
        # A group that approves its members has answered most requests; a few still wait.
        waiting = group.memberships.filter(status=Membership.Status.PENDING).order_by("pk")
        for request in list(waiting)[WAITING_REQUESTS:]:
            membership_approve(membership=request, actor=proposer)
    data = WorkingGroup.objects.filter(slug="data-curation", status="active").first()
    if member is not None and data is not None and not roles_of(member).get(data.pk):
        membership_join(group=data, actor=member, message="I clean instrument data.")
    _propose(rng.choice(others), *PROPOSAL)
    yield from demo_record.seed()
    # Demo data fills inboxes, not the console: the notices it caused are not e-mailed.
    Notification.objects.filter(pk__gt=last, email_state=EmailState.PENDING).update(
        email_state=EmailState.SKIPPED
    )
    yield (
        f"Chartered {chartered} working groups and proposed one more; {LEAD_EMAIL} leads "
        "two of them, with requests to join waiting"
    )


def _people() -> list[User]:
    """Confirmed members with a listed profile, in a stable order."""
    return list(
        User.objects.filter(profile__institution__status=Institution.Status.MEMBER, is_staff=False)
        .exclude(profile__display_name="")
        .order_by("email")[:200]
    )


def _propose(proposer: User, name, slug, areas, policy, mission) -> WorkingGroup:
    return working_group_propose(
        actor=proposer,
        name=name,
        slug=slug,
        mission=mission,
        expertise=ExpertiseArea.objects.filter(slug__in=areas),
        join_policy=policy,
    )


def _charter(group: WorkingGroup) -> bool:
    """The committee charters the group the way it decides every case: the acting chair
    starts the review, opens the vote, every seat entitled to vote approves, the chair
    records the decision."""
    case = group.cases.get()
    chair_seat = committee.acting_chair_seat(case)
    if chair_seat is None:
        return False
    chair = chair_seat.representative
    now = timezone.now()
    case = steering.case_review_start(case=case, actor=chair, review_deadline=now + timedelta(7))
    ballot = steering.ballot_open(case=case, actor=chair, closes_at=now + timedelta(days=7))
    for seat in ballot.electorate.select_related("representative"):
        steering.vote_cast(ballot=ballot, actor=seat.representative, choice="approve")
    steering.decision_record(
        case=case,
        actor=chair,
        outcome="approved",
        rationale="A clear mission that no other group covers.",
    )
    return Case.objects.get(pk=case.pk).status == Case.Status.APPROVED
