"""The demo's projects as plans (projects/demo/showcase.py makes them): what each says,
who is on it and where it ends; here the active and completed ones, and in proposals.py
the rest. Data only. Never load this into production.

The outputs' DOIs use 10.5555, Crossref's prefix for examples and tests: they are well
formed and lead nowhere.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from projects.models import Project, TeamMember

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


ESTABLISHED = [
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
]  # fmt: skip
