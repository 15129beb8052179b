"""Demo data for a local `make run`: the consortium's events, made through the real services
(event_create, registration_create, application_decide, check_in). Never load this into
production.

- A hackathon at Argonne that Grace Lead (grace.lead@tpc.example) organises: nearly full,
  with at most three places per institution until its release date, so a few people wait
  while two places are free (beat lets them in on that date); Ada holds a place.
- A summer school for students and postdocs in applications mode that Ada Researcher
  (ada.researcher@tpc.example) organises: dozens of applications with motivations, a few
  accepted and one waitlisted, the rest for her to answer.
- Workshops and a monthly seminar series run by working groups; a site visit, full, where
  Ada is second on the waitlist; a cancelled tutorial.
- Past events with attendance (demo_past.py).

Idempotent: nothing is made when any event exists.
"""

import random
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import timedelta
from typing import Any

from django.utils import timezone

from events import demo_past
from events.demo_people import answers_for, at, confirmed_people, early_career_people, make
from events.models import Event, Registration
from events.services.events import event_cancel
from events.services.registration import application_decide, registration_create
from members.models import Institution, User
from notifications.models import EmailState, Notification
from workinggroups.selectors import groups_public

GRACE = "grace.lead@tpc.example"
ADA = "ada.researcher@tpc.example"
K, F, A = Event.Kind, Event.Format, Event.Audience
Status = Registration.Status

DIETARY = {
    "label": "Dietary needs",
    "kind": "choice",
    "choices": "No restrictions\nVegetarian\nVegan\nHalal\nKosher\nGluten-free",
}
MOTIVATION = {"label": "Why do you want to take part?", "kind": "text", "required": True}
SEMINARS = [
    "Retrieval-augmented assistants for the materials literature",
    "Fine-tuning on simulation output without forgetting",
    "Tool use: letting a model drive an HPC workflow",
    "What instruction tuning does to scientific reasoning",
]


def seed() -> Iterator[str]:
    if Event.objects.exists():
        return
    people = confirmed_people()
    if len(people) < 60:
        yield "Too few confirmed members for the events demo (run the members demo first)"
        return
    last = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    rng = random.Random(14)  # noqa: S311 - demo data, the same on every run
    grace = User.objects.filter(email=GRACE).first() or people[0]
    ada = User.objects.filter(email=ADA).first() or people[1]
    _hackathon(grace, ada, people, rng)
    _summer_school(ada, rng)
    seminars = _group_events(people, ada, rng)
    _site_visit(people, ada, rng)
    _cancelled_tutorial(people, rng)
    yield from demo_past.seed(people, ada, rng)
    # Demo data fills inboxes, not the console: the notices it caused are not e-mailed.
    Notification.objects.filter(pk__gt=last, email_state=EmailState.PENDING).update(
        email_state=EmailState.SKIPPED
    )
    yield (
        f"Made {Event.objects.count()} events ({seminars} seminars, a hackathon with a "
        f"waitlist that {GRACE} organises, a summer school taking applications that {ADA} "
        "organises, a site visit, past events with attendance)"
    )


def _register(event: Event, person: User, rng: random.Random, **kwargs: Any) -> Registration:
    return registration_create(event=event, actor=person, answers=answers_for(event, rng), **kwargs)


def _hackathon(grace: User, ada: User, people: Sequence[User], rng: random.Random) -> Event:
    """40 places, three per institution until the release date: 38 taken, and a few people
    from three crowded institutions waiting behind their cap."""
    zone = "America/Chicago"
    event = make(
        grace,
        questions=[
            DIETARY,
            {
                "label": "Which machine do you plan to run on?",
                "kind": "choice",
                "choices": "Aurora\nPolaris\nFrontier\nPerlmutter\nAlps",
            },
        ],
        kind=K.HACKATHON,
        title="TPC Hackathon: Scaling Science Models",
        slug="scaling-hackathon",
        description=(
            "Three days of **hands-on scaling**: bring a model and a dataset, leave with a "
            "training run that uses a whole partition. Mentors from every site.\n\n"
            "- Day 1: profiling and parallelism\n- Day 2: checkpointing and data loading\n"
            "- Day 3: results and a short talk from each team"
        ),
        start=at(24, 9, zone),
        end=at(26, 17, zone),
        time_zone=zone,
        format=F.HYBRID,
        venue="Argonne National Laboratory, TCS Conference Center, Lemont IL",
        online_link="https://meet.example.org/tpc-scaling-hackathon",
        registration_opens=timezone.now() - timedelta(days=7),
        registration_closes=at(17, 23, zone, 59),
        audience=A.MEMBERS,
        capacity=40,
        institution_cap=3,
        cap_until=at(10, 12, zone),
        institution=Institution.objects.filter(name="Argonne National Laboratory").first(),
    )
    _register(event, ada, rng)
    by_institution: dict[int | None, list[User]] = {}
    for person in people:
        by_institution.setdefault(person.profile.institution_id, []).append(person)
    crowded = [group for group in by_institution.values() if len(group) >= 6][:3]
    for group in crowded:
        for person in group[:5]:  # three hold a place, two wait behind the cap
            if person != ada:
                _register(event, person, rng)
    held: Counter[int | None] = Counter(
        event.registrations.filter(status=Status.REGISTERED).values_list(
            "institution_id", flat=True
        )
    )
    others = [p for p in people if p != ada and all(p not in group for group in crowded)]
    rng.shuffle(others)
    for person in others:
        if event.registrations.filter(status=Status.REGISTERED).count() >= 38:
            break
        if held[person.profile.institution_id] < 3:
            _register(event, person, rng)
            held[person.profile.institution_id] += 1
    return event


def _summer_school(ada: User, rng: random.Random) -> Event:
    zone = "Europe/Madrid"
    event = make(
        ada,
        questions=[
            MOTIVATION,
            {"label": "Do you need travel support?", "kind": "yes_no"},
            DIETARY,
        ],
        kind=K.SUMMER_SCHOOL,
        title="TPC Summer School on Foundation Models for Science",
        slug="summer-school",
        description=(
            "Two weeks for **students and postdocs** of member institutions: lectures in the "
            "morning, projects on a leadership-class machine in the afternoon. Thirty places; "
            "the organisers choose from the applications."
        ),
        start=at(62, 9, zone),
        end=at(73, 17, zone),
        time_zone=zone,
        format=F.IN_PERSON,
        venue="Barcelona Supercomputing Center, Barcelona",
        registration_opens=timezone.now() - timedelta(days=10),
        registration_closes=at(21, 23, zone, 59),
        audience=A.EARLY_CAREER,
        mode=Event.Mode.APPLICATIONS,
        capacity=30,
    )
    applicants = early_career_people(limit=45)
    applications = [_register(event, person, rng) for person in applicants]
    for registration in applications[:12]:
        application_decide(registration=registration, actor=ada, to=Status.REGISTERED)
    application_decide(registration=applications[12], actor=ada, to=Status.WAITLISTED)
    return event


def _group_events(people: Sequence[User], ada: User, rng: random.Random) -> int:
    """Two workshops and a monthly seminar series, each run by a working group's lead."""
    groups = {group.slug: group for group in groups_public()}

    def lead_of(slug: str) -> tuple[Any, User]:
        group = groups.get(slug)
        # groups_public() gives each group its leads, first lead first.
        leads = getattr(group, "lead_memberships", [])
        lead = leads[0].user if leads else None
        return group, lead or people[2]

    group, lead = lead_of("evaluation")
    workshop = make(
        lead,
        questions=[DIETARY],
        kind=K.WORKSHOP,
        title="Workshop: Measuring Scientific Reasoning",
        slug="reasoning-workshop",
        description="Benchmarks that test reasoning, not recall: a day of talks and a "
        "half-day of running the common harness together.",
        start=at(31, 9, "America/New_York"),
        end=at(31, 17, "America/New_York"),
        time_zone="America/New_York",
        format=F.HYBRID,
        venue="Brookhaven National Laboratory, Upton NY",
        online_link="https://meet.example.org/tpc-reasoning-workshop",
        capacity=60,
        group=group,
    )
    for person in rng.sample(list(people), 22):
        _register(workshop, person, rng)
    group, lead = lead_of("materials-chemistry")
    materials = make(
        lead,
        questions=[DIETARY],
        kind=K.WORKSHOP,
        title="Workshop: Tokenising Molecules and Materials",
        slug="materials-tokenisation-workshop",
        description="SMILES, graphs or crystals: how the consortium's models read chemistry.",
        start=at(45, 9, "Europe/Berlin"),
        end=at(46, 13, "Europe/Berlin"),
        time_zone="Europe/Berlin",
        format=F.IN_PERSON,
        venue="Jülich Supercomputing Centre, Jülich",
        capacity=35,
        group=group,
    )
    for person in rng.sample(list(people), 15):
        _register(materials, person, rng)
    group, lead = lead_of("downstream-adaptation")
    for number, topic in enumerate(SEMINARS):
        seminar = make(
            lead,
            kind=K.SEMINAR,
            title=f"AI for Science seminar: {topic}",
            slug=f"ai-for-science-seminar-{number + 1}",
            description="The monthly seminar of the Downstream Adaptation group: a talk of "
            "forty minutes and questions. Open to everyone.",
            start=at(12 + 28 * number, 11, "America/Chicago"),
            end=at(12 + 28 * number, 12, "America/Chicago"),
            time_zone="America/Chicago",
            format=F.VIRTUAL,
            online_link=f"https://meet.example.org/tpc-seminar-{number + 1}",
            audience=A.PUBLIC,
            capacity=None,
            group=group,
        )
        listeners = rng.sample(list(people), 6 + 2 * number)
        if number == 0:
            listeners.append(ada)
        for person in listeners:
            _register(seminar, person, rng)
    return len(SEMINARS)


def _site_visit(people: Sequence[User], ada: User, rng: random.Random) -> Event:
    """Fifteen places, all taken; four wait, Ada second."""
    argonne = Institution.objects.filter(name="Argonne National Laboratory").first()
    hosts = [p for p in people if p.profile.institution_id == getattr(argonne, "pk", None)]
    host = next((p for p in hosts if p != ada), people[3])
    zone = "America/Chicago"
    event = make(
        host,
        questions=[
            {
                "label": "I will bring a government-issued photo ID for the gate",
                "kind": "yes_no",
                "required": True,
            }
        ],
        kind=K.SITE_VISIT,
        title="Site visit: the Aurora exascale system",
        slug="aurora-site-visit",
        description="A guided tour of the machine room and a talk on how allocations run.",
        start=at(35, 13, zone),
        end=at(35, 16, zone),
        time_zone=zone,
        format=F.IN_PERSON,
        venue="Argonne Leadership Computing Facility, Lemont IL",
        capacity=15,
        institution=argonne,
    )
    visitors = [p for p in people if p not in (ada, host)]
    rng.shuffle(visitors)
    for person in visitors[:16]:
        _register(event, person, rng)
    _register(event, ada, rng)
    for person in visitors[16:18]:
        _register(event, person, rng)
    return event


def _cancelled_tutorial(people: Sequence[User], rng: random.Random) -> Event:
    organiser = people[4]
    event = make(
        organiser,
        kind=K.TUTORIAL,
        title="Tutorial: Mixed Precision Without Tears",
        slug="mixed-precision-tutorial",
        description="Postponed: the speakers could not travel. A new date will follow.",
        start=at(20, 15, "Europe/London"),
        end=at(20, 18, "Europe/London"),
        time_zone="Europe/London",
        format=F.VIRTUAL,
        online_link="https://meet.example.org/tpc-mixed-precision",
        capacity=100,
    )
    for person in rng.sample(list(people), 8):
        _register(event, person, rng)
    return event_cancel(
        event=event, actor=organiser, message="The speakers could not travel; a new date follows."
    )
