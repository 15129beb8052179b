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

The outputs' DOIs use 10.5555, Crossref's prefix for examples and tests: they are well
formed and lead nowhere.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from members.models import ExpertiseArea, Institution, Profile, User
from notifications.models import EmailState, Notification
from projects import services
from projects.models import Project, TeamMember
from projects.selectors import working_groups_to_link
from projects.similarity import similar_above_threshold
from steering import selectors as committee
from steering import services as steering
from steering.models import Case

GRACE = "grace.lead@tpc.example"
ADA = "ada.researcher@tpc.example"
DEMO_RESEARCHERS = "@demo.tpc.example"
DOI = "10.5555/tpc-demo."
# The two proposals that overlap plainly (their plans are below).
OVERLAPPING = (
    "Protein Foundation Model for Structure and Function Prediction",
    "Foundation Model of Protein Structure and Function",
)

P, K = Project.Status, Project.Kind
PI, CO_PI, MEMBER, STUDENT = (
    TeamMember.Role.PI,
    TeamMember.Role.CO_PI,
    TeamMember.Role.MEMBER,
    TeamMember.Role.STUDENT,
)
# Where each stage ends (the proposals at "in_review" and "resubmitted" are proposed).
STAGES = {
    "draft": P.DRAFT,
    "draft_withdrawn": P.WITHDRAWN,
    "submitted": P.PROPOSED,
    "in_review": P.PROPOSED,
    "resubmitted": P.PROPOSED,
    "revision": P.REVISION_REQUESTED,
    "rejected": P.REJECTED,
    "withdrawn": P.WITHDRAWN,
    "active": P.ACTIVE,
    "completed": P.COMPLETED,
}


@dataclass(frozen=True)
class Plan:
    """One demo project: what it says, who is on it (a role and an institution's short
    name, or a demo person's e-mail address), and where it ends."""

    title: str
    kind: str
    stage: str
    team: Sequence[tuple[str, str]]
    summary: str
    goals: str
    areas: Sequence[str] = ()
    keywords: Sequence[str] = ()
    groups: Sequence[str] = ()
    shares: Sequence[tuple[str, str, str]] = ()  # (what, description, terms)
    outputs: Sequence[tuple[str, str, str]] = ()  # (kind, title, DOI suffix)
    differs: str = ""
    # The committee's word: the review's comments to the proposer, and the rationale.
    comments: str = "A clear plan, and a team that can deliver it."
    rationale: str = "Consortium work that no other project covers."
    # After a request for revision: the summary resubmitted.
    revised_summary: str = ""
    resubmission_note: str = ""
    invited: Sequence[tuple[str, str]] = field(default=())  # invitations still unanswered
    asks_to_join: str = ""  # an institution's researcher asks to join (an active project)


PLANS = [
    # --- Active. The first three get machine time in the allocations demo: three lead
    # institutions, so its pages show more than one site's people.
    Plan(
        title="Open Foundation Model for Science, 70B",
        kind=K.MODEL_BUILDING,
        stage="active",
        team=[(PI, GRACE), (CO_PI, "ORNL"), (CO_PI, "Jülich"), (MEMBER, "UIUC"),
              (MEMBER, "NVIDIA"), (STUDENT, "UChicago"), (STUDENT, "CMU")],
        summary="A 70-billion-parameter decoder model pretrained openly on consortium "
        "machines on a curated corpus of scientific papers, code and simulation data, with "
        "every checkpoint, the data recipe and the training logs released to the members.",
        goals="1. Pretrain on **2 trillion tokens** of curated scientific text and code.\n"
        "2. Release checkpoints every 100 billion tokens, with their evaluations.\n"
        "3. Publish the data recipe so that any member can reproduce the corpus.",
        areas=["model-architectures", "nlp-and-multimodal-models", "training-runtimes"],
        keywords=["foundation model", "pretraining", "scientific literature", "open weights"],
        groups=["model-architectures", "training-runtimes"],
        shares=[("model", "Checkpoints every 100B tokens, with evaluations", "Apache-2.0"),
                ("data", "Data recipe and the index of the deduplicated corpus", "CC-BY-4.0"),
                ("code", "Training and evaluation code", "Apache-2.0")],
        outputs=[("paper", "Training report: the first trillion tokens", "2026.ofm-report"),
                 ("model", "OFM-70B checkpoint at 1T tokens", "2026.ofm-1t")],
        asks_to_join="Purdue",
    ),
    Plan(
        title="Climate Emulator Foundation Model",
        kind=K.MODEL_BUILDING,
        stage="active",
        team=[(PI, "ORNL"), (CO_PI, "LLNL"), (MEMBER, "NREL"), (MEMBER, "Princeton"),
              (STUDENT, "UW")],
        summary="An emulator of Earth-system model output trained on decades of CMIP "
        "simulations and reanalysis, producing century-scale regional projections in "
        "minutes instead of weeks of supercomputer time.",
        goals="- Train on regridded CMIP6 output and ERA5 reanalysis.\n"
        "- Match the ensemble spread of the original models, not only their mean.\n"
        "- Hand the emulator to the climate working group's impact studies.",
        areas=["climate", "model-architectures"],
        keywords=["climate emulator", "CMIP6", "reanalysis", "earth system model"],
        groups=["climate"],
        shares=[("data", "Regridded CMIP6 training set", "CC-BY-4.0"),
                ("model", "Emulator weights", "Apache-2.0")],
        outputs=[("dataset", "Regridded CMIP6 training set, version 1", "2026.cmip-regrid")],
    ),
    Plan(
        title="Multilingual Scientific Corpus Curation Pipeline",
        kind=K.DATA_CURATION,
        stage="active",
        team=[(PI, "RIKEN"), (CO_PI, "CEA"), (MEMBER, "BSC"), (MEMBER, "UTokyo"),
              (STUDENT, "Sorbonne")],
        summary="A shared pipeline that gathers open-access papers, theses and technical "
        "reports in Japanese, French, Spanish and English, extracts text and equations from "
        "PDFs, removes near-duplicates and personal data, and records every document's "
        "licence.",
        goals="1. Extract text and LaTeX equations from 40 million PDFs.\n"
        "2. Deduplicate across languages and sources.\n"
        "3. Keep the licence of every document beside it, and drop what may not be shared.",
        areas=["data-aggregation-cleaning-and-curation", "nlp-and-multimodal-models"],
        keywords=["corpus", "pdf extraction", "deduplication", "multilingual", "licences"],
        groups=["data-curation"],
        shares=[("code", "The pipeline and its configuration", "MIT"),
                ("data", "The cleaned corpus, openly licensed documents only",
                 "CC-BY-4.0; each document keeps its own licence")],
        outputs=[("software", "Curation pipeline, release 1.0", "2026.curation-1.0")],
    ),
    Plan(
        title="Scientific Reasoning Evaluation Suite",
        kind=K.EVALUATION,
        stage="active",
        team=[(PI, "Argonne"), (CO_PI, ADA), (MEMBER, "Mila"), (MEMBER, "Edinburgh"),
              (STUDENT, "Georgia Tech")],
        summary="Several thousand problems written by domain scientists that test "
        "multi-step reasoning in physics, chemistry and biology rather than recall, with a "
        "held-out private split and a harness that runs any consortium model on it.",
        goals="- 5,000 problems, each checked by two scientists of its field.\n"
        "- A private split that never leaves the maintainers' machines.\n"
        "- Results of every consortium model on a public leaderboard.",
        areas=["evaluation", "alignment-and-trust"],
        keywords=["benchmarks", "scientific reasoning", "evaluation harness"],
        groups=["evaluation"],
        shares=[("code", "Evaluation harness", "Apache-2.0"),
                ("data", "Public split of the problems",
                 "CC-BY-4.0; the private split stays with the maintainers")],
        outputs=[("dataset", "Scientific reasoning problems, public split",
                  "2026.reasoning-public")],
    ),
    Plan(
        title="Scaling Laws for Scientific Foundation Models",
        kind=K.BENCHMARKING,
        stage="active",
        team=[(PI, "LLNL"), (CO_PI, "Princeton"), (MEMBER, "EPFL"), (MEMBER, "Microsoft"),
              (STUDENT, "Cornell")],
        summary="A scaling study of compute-optimal model and data sizes for science: more "
        "than 200 training runs from 100 million to 30 billion parameters on mixtures of "
        "papers, code and simulation data, measuring how scientific tasks scale with "
        "compute.",
        goals="1. Fit scaling laws per data mixture.\n"
        "2. Find the share of simulation data beyond which returns fall.\n"
        "3. Advise the consortium's next pretraining runs.",
        areas=["model-architectures", "training-runtimes", "evaluation"],
        keywords=["scaling laws", "compute-optimal", "data mixtures"],
        groups=["model-architectures", "evaluation"],
        shares=[("data", "Loss curves and evaluations of every run", "CC-BY-4.0")],
        outputs=[("paper", "Scaling laws of mixed scientific data", "2026.scaling-mixtures")],
    ),
    Plan(
        title="Materials Foundation Model for Crystal Structures",
        kind=K.MODEL_BUILDING,
        stage="active",
        team=[(PI, "Berkeley Lab"), (CO_PI, "MIT"), (MEMBER, "MPG"), (MEMBER, "KAIST"),
              (STUDENT, "UC Berkeley")],
        summary="A graph foundation model of crystal structures trained on computed and "
        "measured properties of millions of materials, to screen candidates for batteries, "
        "catalysts and semiconductors.",
        goals="- Pretrain on relaxed structures and their energies.\n"
        "- Fine-tune for band gaps, stability and ionic conductivity.\n"
        "- Screen ten million hypothetical materials with the materials working group.",
        areas=["materials", "chemistry", "model-architectures"],
        keywords=["crystal structures", "graph neural networks", "materials screening"],
        groups=["materials-chemistry"],
        shares=[("model", "Pretrained weights", "Apache-2.0"),
                ("data", "Screened candidates and their predicted properties", "CC-BY-4.0")],
        invited=[(MEMBER, ADA)],
    ),
    Plan(
        title="Fusion Plasma Surrogate Models",
        kind=K.APPLICATION,
        stage="active",
        team=[(PI, "PPPL"), (CO_PI, "CEA"), (MEMBER, "Princeton"), (STUDENT, "UTK")],
        summary="Neural surrogates of gyrokinetic turbulence simulations, fast enough to "
        "run inside integrated tokamak modelling and to steer plasma scenarios between "
        "shots.",
        goals="1. Train on a library of gyrokinetic runs.\n"
        "2. Couple the surrogate to the integrated modelling workflow.\n"
        "3. Validate against measured discharges.",
        areas=["physics", "ai-workflows"],
        keywords=["fusion", "plasma turbulence", "surrogate models", "tokamak"],
        groups=["physics", "ai-workflows"],
        shares=[("model", "Surrogate weights", "BSD-3-Clause")],
        outputs=[("paper", "Turbulent transport surrogates for scenario design",
                  "2026.fusion-surrogates")],
    ),
    Plan(
        title="Checkpointing and Fault Tolerance at 10,000 Accelerators",
        kind=K.PLATFORM,
        stage="active",
        team=[(PI, "CSCS"), (CO_PI, "Jülich"), (MEMBER, "HPE"), (MEMBER, "LRZ"),
              (MEMBER, "NVIDIA")],
        summary="Asynchronous, sharded checkpointing and automatic recovery for training "
        "runs on ten thousand accelerators, so that a failed node costs minutes of a run "
        "rather than hours.",
        goals="- Checkpoint a 70B model in under a minute without pausing training.\n"
        "- Restart on spare nodes automatically.\n"
        "- Measure the goodput of long runs on three leadership systems.",
        areas=["training-runtimes", "hardware-systems", "software-systems"],
        keywords=["checkpointing", "fault tolerance", "goodput"],
        groups=["training-runtimes", "scalable-libraries"],
        shares=[("code", "Checkpointing library", "Apache-2.0")],
        outputs=[("software", "Sharded checkpointing library 0.9", "2026.ckpt-0.9")],
    ),
    Plan(
        title="Genome Language Model for Regulatory DNA",
        kind=K.MODEL_BUILDING,
        stage="active",
        team=[(PI, "U-M"), (CO_PI, "Northwestern"), (MEMBER, "Cornell"), (STUDENT, "Purdue")],
        summary="A long-context language model of genomes that reads regulatory DNA and "
        "predicts gene expression and the effect of non-coding variants across cell types.",
        goals="1. Pretrain on reference genomes of 500 species.\n"
        "2. Fine-tune on expression and chromatin data.\n"
        "3. Score non-coding variants with the medicine group's clinical partners.",
        areas=["biology", "medicine", "nlp-and-multimodal-models"],
        keywords=["genomics", "regulatory dna", "variant effects", "long context"],
        groups=["biology-medicine"],
        shares=[("model", "Pretrained weights", "CC-BY-NC-4.0")],
    ),
    # --- Completed.
    Plan(
        title="Tokenizers for Chemistry and Biology",
        kind=K.MODEL_BUILDING,
        stage="completed",
        team=[(PI, "U of T"), (CO_PI, "McGill"), (MEMBER, ADA), (STUDENT, "U of T")],
        summary="Tokenizers that keep SMILES strings, reaction equations and protein "
        "sequences intact, compared on downstream chemistry and biology tasks, and adopted "
        "by the consortium's pretraining runs.",
        goals="- Compare byte-level, chemistry-aware and sequence-aware tokenizers.\n"
        "- Publish the winning vocabulary.",
        areas=["chemistry", "biology", "nlp-and-multimodal-models"],
        keywords=["tokenizers", "smiles", "protein sequences"],
        groups=["materials-chemistry", "biology-medicine"],
        shares=[("code", "Tokenizer training code and vocabularies", "MIT")],
        outputs=[("paper", "Tokenizing molecules and proteins", "2025.tokenizers"),
                 ("software", "Science tokenizer vocabularies", "2025.vocabularies")],
    ),
    Plan(
        title="Deduplication of Scientific PDFs at Scale",
        kind=K.DATA_CURATION,
        stage="completed",
        team=[(PI, "Ai2"), (CO_PI, "UIUC"), (MEMBER, "CSC"), (STUDENT, "UIUC")],
        summary="Near-duplicate detection over 100 million scientific PDFs, preprints and "
        "their published versions, with MinHash signatures computed once and shared.",
        goals="1. Signatures of every PDF.\n2. Clusters of versions of the same paper.",
        areas=["data-aggregation-cleaning-and-curation"],
        keywords=["deduplication", "minhash", "pdf", "preprints"],
        groups=["data-curation"],
        shares=[("data", "MinHash signatures and duplicate clusters", "ODC-BY-1.0")],
        outputs=[("dataset", "Duplicate clusters of scientific PDFs", "2025.dedup-clusters"),
                 ("software", "Deduplication tools", "2025.dedup-tools")],
    ),
    Plan(
        title="Training Throughput Benchmark on Leadership Systems",
        kind=K.BENCHMARKING,
        stage="completed",
        team=[(PI, "LRZ"), (CO_PI, "RIKEN"), (MEMBER, "Fujitsu"), (MEMBER, "Intel"),
              (MEMBER, "AMD")],
        summary="The same training workloads measured on six leadership systems and three "
        "accelerator families: tokens per second, energy per token and scaling efficiency.",
        goals="- One harness, six systems, published numbers.",
        areas=["hardware-systems", "training-runtimes"],
        keywords=["throughput", "energy per token", "benchmarking"],
        groups=["training-runtimes"],
        shares=[("data", "Measurements and job scripts", "CC-BY-4.0")],
        outputs=[("dataset", "Throughput measurements, 2025", "2025.throughput")],
    ),
    Plan(
        title="Generative Downscaling of Weather Forecasts",
        kind=K.APPLICATION,
        stage="completed",
        team=[(PI, "NCI Australia"), (CO_PI, "Pawsey"), (MEMBER, "ANU"), (STUDENT, "Kyoto U")],
        summary="A diffusion model that downscales global forecasts to two-kilometre "
        "resolution over Australia and Japan, evaluated against station observations.",
        goals="- Downscale precipitation and wind.\n- Compare with regional models.",
        areas=["climate", "model-architectures"],
        keywords=["downscaling", "diffusion models", "weather"],
        groups=["climate"],
        shares=[("model", "Downscaling model weights", "Apache-2.0")],
        outputs=[("model", "Downscaling model for the Asia-Pacific", "2025.downscaling")],
    ),
    # --- Proposed. The first two overlap plainly: each one's similar work shows the other.
    Plan(
        title="Protein Foundation Model for Structure and Function Prediction",
        kind=K.MODEL_BUILDING,
        stage="submitted",
        team=[(PI, "Oxford"), (CO_PI, "ETH"), (MEMBER, "Cambridge"), (STUDENT, "TUM")],
        summary="A protein language model pretrained on UniRef sequences and predicted "
        "structures, fine-tuned to predict protein structure, function annotations and the "
        "effect of mutations, with its weights and training code shared with the "
        "consortium.",
        goals="1. Pretrain on 250 million protein sequences.\n"
        "2. Predict structure, Gene Ontology terms and mutation effects.\n"
        "3. Share the weights with the biology and medicine group.",
        areas=["biology", "model-architectures"],
        keywords=["protein language model", "protein structure", "protein function",
                  "mutation effects"],
        groups=["biology-medicine"],
        shares=[("model", "Pretrained protein model weights", "Apache-2.0")],
    ),
    Plan(
        title="Foundation Model of Protein Structure and Function",
        kind=K.MODEL_BUILDING,
        stage="submitted",
        team=[(PI, "UW"), (CO_PI, "Stanford"), (MEMBER, "UC San Diego"),
              (STUDENT, "UC Berkeley")],
        summary="We will pretrain a protein language model on UniRef sequences and predicted "
        "structures, then fine-tune it to predict protein function, structure and the "
        "effects of mutations, and share the weights with the consortium.",
        goals="- Pretrain on sequences and predicted structures together.\n"
        "- Predict function, structure and mutation effects.\n"
        "- Release the weights to every member.",
        areas=["biology", "model-architectures"],
        keywords=["protein language model", "protein structure", "protein function",
                  "mutation effects"],
        groups=["biology-medicine"],
        shares=[("model", "Model weights", "Apache-2.0")],
        differs="Ours reads predicted structures together with sequences from the first "
        "step of pretraining. We would gladly join the other protein model proposal if the "
        "committee prefers one project.",
    ),
    Plan(
        title="Agents That Steer Experiments at Light Sources",
        kind=K.APPLICATION,
        stage="in_review",
        team=[(PI, "SLAC"), (CO_PI, "BNL"), (MEMBER, "Cornell"), (STUDENT, "Stanford")],
        summary="Language-model agents that read beamline data as it arrives, decide the "
        "next measurement and hand control back to the scientist, tested at two X-ray "
        "light sources.",
        goals="- Autonomous scans under a scientist's supervision.\n"
        "- A safety envelope the agent cannot leave.",
        areas=["ai-workflows", "alignment-and-trust", "physics"],
        keywords=["autonomous experiments", "agents", "beamlines"],
        groups=["ai-workflows"],
        shares=[("code", "Agent framework and beamline adapters", "BSD-3-Clause")],
    ),
    Plan(
        title="Retrieval-Augmented Assistant for HPC User Support",
        kind=K.APPLICATION,
        stage="resubmitted",
        team=[(PI, "CSC"), (CO_PI, "CINECA"), (MEMBER, "HLRS"), (STUDENT, "Tsukuba")],
        summary="An assistant that answers supercomputer users' questions from the centres' "
        "documentation and past support tickets, citing its sources.",
        revised_summary="An assistant that answers supercomputer users' questions from the "
        "centres' documentation and past support tickets, citing its sources. Tickets are "
        "anonymised before indexing, and the assistant never sees account data.",
        resubmission_note="The summary now says how tickets are anonymised.",
        goals="- Index the documentation of four centres.\n"
        "- Answer with citations; hand over to staff when unsure.",
        areas=["downstream-adaptation", "software-systems"],
        keywords=["retrieval augmented generation", "user support", "documentation"],
        groups=["downstream-adaptation"],
        shares=[("code", "Assistant and indexing code", "Apache-2.0")],
        comments="Say how the support tickets are anonymised before they are indexed.",
        rationale="Promising, but the handling of users' tickets must be explained first.",
    ),
    # --- Revision requested.
    Plan(
        title="Earthquake Ground-Motion Foundation Model",
        kind=K.MODEL_BUILDING,
        stage="revision",
        team=[(PI, "Kyoto U"), (CO_PI, "Sandia"), (MEMBER, "UTokyo"), (STUDENT, "Tsukuba")],
        summary="A foundation model of seismic waveforms that predicts ground motion at "
        "sites without stations, trained on national seismic archives.",
        goals="- Pretrain on waveforms from three national networks.\n"
        "- Predict ground-motion maps within seconds of an event.",
        areas=["physics", "model-architectures"],
        keywords=["seismology", "ground motion", "waveforms"],
        comments="Which seismic archives will you use, and under which licences may the "
        "trained model be shared?",
        rationale="The data plan is missing: the committee asks for it before deciding.",
    ),
    Plan(
        title="Long-Context Benchmark for Reading Scientific Papers",
        kind=K.EVALUATION,
        stage="revision",
        team=[(PI, "CMU"), (CO_PI, "Edinburgh"), (MEMBER, "IBM"), (STUDENT, "Georgia Tech")],
        summary="Questions whose answers span a whole paper and its supplementary material, "
        "to measure how well models read long scientific documents.",
        goals="- 2,000 questions over full papers.\n- Scores by context length.",
        areas=["evaluation", "nlp-and-multimodal-models"],
        keywords=["long context", "benchmarks", "reading comprehension"],
        groups=["evaluation"],
        comments="Explain how this differs from the Scientific Reasoning Evaluation Suite, "
        "and whether it could become part of it.",
        rationale="Close to an active evaluation suite: the committee asks how they differ.",
    ),
    # --- Rejected.
    Plan(
        title="Chat Assistant for One Laboratory's Wiki",
        kind=K.APPLICATION,
        stage="rejected",
        team=[(PI, "INL"), (MEMBER, "PNNL")],
        summary="A chat assistant over a single laboratory's internal wiki, hosted on the "
        "consortium's machines.",
        goals="- Answer staff questions from the wiki.",
        areas=["downstream-adaptation"],
        keywords=["chat assistant", "wiki"],
        comments="This serves one site; the downstream adaptation group can advise you.",
        rationale="Useful to one laboratory, not consortium work.",
    ),
    Plan(
        title="Survey of Accelerator Procurement Options",
        kind=K.PLATFORM,
        stage="rejected",
        team=[(PI, "SambaNova"), (MEMBER, "Cerebras"), (MEMBER, "Intel")],
        summary="A comparison of accelerator systems that member sites might buy for "
        "training, with vendors' prices.",
        goals="- A table of systems, prices and delivery times.",
        areas=["hardware-systems"],
        keywords=["procurement", "accelerators"],
        comments="Procurement advice is outside the consortium's remit.",
        rationale="Outside the consortium's remit; the throughput benchmark covers the "
        "technical part.",
    ),
    # --- Withdrawn.
    Plan(
        title="Quantum Chemistry Dataset from Published Tables",
        kind=K.DATA_CURATION,
        stage="draft_withdrawn",
        team=[(PI, "Sandia"), (MEMBER, "ETH")],
        summary="Energies and geometries extracted from the tables of published quantum "
        "chemistry papers, cleaned into one dataset.",
        goals="- Extract tables from 20,000 papers.",
        areas=["chemistry", "data-aggregation-cleaning-and-curation"],
        keywords=["quantum chemistry", "tables", "extraction"],
    ),
    Plan(
        title="Cosmology Simulation Emulator",
        kind=K.MODEL_BUILDING,
        stage="withdrawn",
        team=[(PI, "Fermilab"), (CO_PI, "CERN"), (MEMBER, "LANL"), (STUDENT, "UIUC")],
        summary="An emulator of N-body cosmological simulations that predicts matter power "
        "spectra for any set of cosmological parameters.",
        goals="- Emulate 10,000 simulations.\n- Infer parameters from survey data.",
        areas=["physics"],
        keywords=["cosmology", "emulator", "n-body simulations"],
        groups=["physics"],
    ),
    # --- Drafts.
    Plan(
        title="Chemistry Reasoning Evaluation Suite",
        kind=K.EVALUATION,
        stage="draft",
        team=[(PI, ADA), (CO_PI, "Ai2")],
        summary="Problems that test whether models reason about reactions, spectra and "
        "synthesis routes, written with chemists and checked against experiment.",
        goals="- 1,500 problems.\n- A harness shared with the scientific reasoning suite.",
        areas=["evaluation", "chemistry"],
        keywords=["chemistry", "benchmarks", "scientific reasoning"],
        groups=["evaluation", "materials-chemistry"],
        shares=[("data", "Problems and answers", "CC-BY-4.0")],
        invited=[(STUDENT, "Mila")],
    ),
    Plan(
        title="Mixture-of-Experts versus Dense Models for Science",
        kind=K.MODEL_BUILDING,
        stage="draft",
        team=[(PI, "Georgia Tech"), (CO_PI, GRACE), (MEMBER, "Intel")],
        summary="Mixture-of-experts and dense models trained on the same scientific data and "
        "compute budget, compared on accuracy, cost of inference and what each expert "
        "learns.",
        goals="- Four model pairs, 1B to 30B parameters.\n- Expert specialisation by field.",
        areas=["model-architectures"],
        keywords=["mixture of experts", "dense models", "sparsity"],
        groups=["model-architectures"],
    ),
]  # fmt: skip


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
