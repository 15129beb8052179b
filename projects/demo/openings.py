"""Demo openings for a local `make run` (seed_demo): positions for students, postdocs and
engineers on three of the active demo projects, posted by their PIs through the real
service, and a demo student subscribed before they are posted, so that the matching
opening reaches their inbox. Never load this into production."""

from collections.abc import Iterator
from datetime import timedelta

from django.utils import timezone

from members.models import Profile
from projects.models import Opening, Project, TeamMember
from projects.services.openings import opening_post, opening_subscribe

P = Opening.Position

# (project title, position, title, description, weeks until the deadline or None)
OPENINGS = [
    ("Open Foundation Model for Science, 70B", P.POSTDOC,
     "Postdoc in pre-training data pipelines",
     "Two years on the data side of a 70B open model: deduplication, filtering by quality "
     "and licence, and the mixture of scientific sources. Experience with large text "
     "corpora and distributed data processing helps.", 8),
    ("Open Foundation Model for Science, 70B", P.ENGINEER,
     "Research software engineer, training at scale",
     "Keep a multi-site training run healthy: checkpoints, restarts and throughput across "
     "two leadership systems.", None),
    ("Climate Emulator Foundation Model", P.STUDENT,
     "Summer student: how good is the emulator at extremes?",
     "Twelve weeks evaluating the emulator on heat waves and heavy rain against the "
     "reanalysis, with a climate scientist and an ML engineer as mentors.", 6),
    ("Checkpointing and Fault Tolerance at 10,000 Accelerators", P.STUDENT,
     "Graduate student: failure traces of large training runs",
     "Analyse a year of node failures on two systems and model what an asynchronous "
     "checkpoint saves. Python and some systems background.", 10),
]  # fmt: skip


def seed() -> Iterator[str]:
    projects = {
        project.title: project
        for project in Project.objects.filter(
            title__in={title for title, *_ in OPENINGS}, status=Project.Status.ACTIVE
        )
    }
    if not projects or Opening.objects.filter(project__in=projects.values()).exists():
        return
    student = (
        Profile.objects.filter(
            user__email__endswith="@demo.tpc.example", career_stage=Profile.CareerStage.STUDENT
        )
        .select_related("user")
        .order_by("user__email")
        .first()
    )
    if student is not None:
        opening_subscribe(actor=student.user, positions=[P.STUDENT, P.POSTDOC])
    today = timezone.localdate()
    posted = 0
    for title, position, opening_title, description, weeks in OPENINGS:
        project = projects.get(title)
        if project is None:
            continue
        pi = project.team.filter(role=TeamMember.Role.PI).select_related("user").first()
        if pi is None:
            continue
        opening_post(
            project=project,
            actor=pi.user,
            position=position,
            title=opening_title,
            description=description,
            deadline=today + timedelta(weeks=weeks) if weeks else None,
        )
        posted += 1
    yield f"Posted {posted} openings on active projects"
    if student is not None:
        yield f"{student.user.email} is subscribed to student and postdoc openings"
