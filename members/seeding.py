"""Synthetic researchers in bulk, for demo data and benchmarks.

This bypasses the services on purpose: it inserts thousands of rows with a handful of
bulk INSERTs, then brings every search vector up to date with one UPDATE. Never used on
real people's data.
"""

import random
from collections.abc import Sequence

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from members.models import ExpertiseArea, Institution, Keyword, Profile, User
from members.services import profile_search_vector_update

FIRST_NAMES = [
    "Ada",
    "Alan",
    "Amara",
    "Anika",
    "Arjun",
    "Aylin",
    "Bao",
    "Beatriz",
    "Bjorn",
    "Camille",
    "Carlos",
    "Chen",
    "Chiara",
    "Dalia",
    "Daniel",
    "Dmitri",
    "Elena",
    "Emeka",
    "Emma",
    "Farah",
    "Felix",
    "Fatima",
    "Gabriel",
    "Greta",
    "Hana",
    "Hiroshi",
    "Ines",
    "Ivan",
    "Jamal",
    "Jana",
    "Jin",
    "Joao",
    "Julia",
    "Kai",
    "Kamala",
    "Karin",
    "Kenji",
    "Lars",
    "Laila",
    "Leon",
    "Lucia",
    "Maya",
    "Mateo",
    "Mei",
    "Mikhail",
    "Nadia",
    "Naveen",
    "Nia",
    "Noor",
    "Olga",
    "Omar",
    "Pablo",
    "Priya",
    "Quentin",
    "Rafael",
    "Rania",
    "Ravi",
    "Rosa",
    "Sade",
    "Samir",
    "Sara",
    "Sofia",
    "Sven",
    "Tariq",
    "Thandiwe",
    "Tomas",
    "Uma",
    "Valentina",
    "Wei",
    "Xin",
    "Yara",
    "Yusuf",
    "Zanele",
    "Zofia",
]
LAST_NAMES = [
    "Abe",
    "Adeyemi",
    "Alvarez",
    "Andersen",
    "Bauer",
    "Becker",
    "Bianchi",
    "Brown",
    "Castillo",
    "Chen",
    "Chowdhury",
    "Costa",
    "Dubois",
    "Eriksson",
    "Fernandes",
    "Fischer",
    "Fujita",
    "Garcia",
    "Gupta",
    "Haddad",
    "Hansen",
    "Hoffmann",
    "Ibrahim",
    "Ivanova",
    "Jensen",
    "Kim",
    "Kowalski",
    "Kumar",
    "Larsen",
    "Laurent",
    "Lee",
    "Lopez",
    "Martin",
    "Meyer",
    "Moreau",
    "Mueller",
    "Nakamura",
    "Nguyen",
    "Novak",
    "Okafor",
    "Olsen",
    "Park",
    "Patel",
    "Petrov",
    "Quinn",
    "Rahman",
    "Rossi",
    "Sato",
    "Schmidt",
    "Silva",
    "Singh",
    "Smith",
    "Sokolova",
    "Suzuki",
    "Tanaka",
    "Torres",
    "Urban",
    "Varga",
    "Wang",
    "Watanabe",
    "Weber",
    "Wilson",
    "Xu",
    "Yamamoto",
    "Yilmaz",
    "Zhang",
    "Zimmer",
]
TITLES = [
    "Computational scientist",
    "Research scientist",
    "Professor",
    "Associate professor",
    "Assistant professor",
    "PhD student",
    "Postdoctoral researcher",
    "Group leader",
    "Principal engineer",
    "Research software engineer",
]
# Keywords people in each area tend to use; "*" are shared across areas. Pools are wide
# enough that a two-word search matches a fraction of a percent of 100,000 profiles.
KEYWORDS = {
    "model-architectures": [
        "transformers",
        "mixture of experts",
        "state space models",
        "attention kernels",
        "sparse models",
        "long context",
        "recurrent models",
        "graph neural networks",
        "diffusion models",
        "equivariant networks",
    ],
    "nlp-and-multimodal-models": [
        "tokenizers",
        "vision language models",
        "scientific text",
        "code generation",
        "multilingual models",
        "speech models",
        "document understanding",
        "table reasoning",
        "literature mining",
        "knowledge graphs",
    ],
    "ai-workflows": [
        "agents",
        "workflow orchestration",
        "autonomous labs",
        "active learning",
        "experiment steering",
        "provenance tracking",
        "human in the loop",
        "tool use",
        "bayesian optimisation",
        "simulation coupling",
    ],
    "data-aggregation-cleaning-and-curation": [
        "deduplication",
        "data provenance",
        "datasets",
        "data licensing",
        "quality filtering",
        "synthetic data",
        "metadata standards",
        "fair data",
        "data pipelines",
        "annotation",
    ],
    "evaluation": [
        "benchmarks",
        "scientific reasoning",
        "uncertainty quantification",
        "calibration",
        "robustness",
        "contamination detection",
        "leaderboards",
        "model cards",
        "domain evaluation",
        "hallucination",
    ],
    "downstream-adaptation": [
        "fine-tuning",
        "retrieval augmented generation",
        "lora",
        "instruction tuning",
        "distillation",
        "quantisation",
        "continual learning",
        "domain adaptation",
        "prompt engineering",
        "model merging",
    ],
    "alignment-and-trust": [
        "rlhf",
        "interpretability",
        "safety",
        "red teaming",
        "preference learning",
        "explainability",
        "fairness",
        "privacy",
        "watermarking",
        "governance",
    ],
    "scalable-libraries-and-frameworks": [
        "pytorch",
        "jax",
        "deepspeed",
        "megatron",
        "collective communication",
        "kernels",
        "triton",
        "automatic differentiation",
        "sharding",
        "mixed precision",
    ],
    "training-runtimes": [
        "checkpointing",
        "pipeline parallelism",
        "fault tolerance",
        "tensor parallelism",
        "data loading",
        "elastic training",
        "scheduling at scale",
        "profiling",
        "memory optimisation",
        "straggler mitigation",
    ],
    "hardware-systems": [
        "gpus",
        "ai accelerators",
        "interconnects",
        "energy efficiency",
        "memory hierarchies",
        "wafer scale",
        "neuromorphic computing",
        "optical networks",
        "cooling",
        "fpga",
    ],
    "software-systems": [
        "schedulers",
        "containers",
        "io performance",
        "compilers",
        "storage systems",
        "workflow systems",
        "observability",
        "cloud bursting",
        "security",
        "portability",
    ],
    "physics": [
        "particle physics",
        "fusion",
        "cosmology",
        "plasma",
        "lattice qcd",
        "gravitational waves",
        "accelerator physics",
        "nuclear physics",
        "astrophysics",
        "quantum simulation",
    ],
    "chemistry": [
        "molecular dynamics",
        "catalysis",
        "quantum chemistry",
        "reaction prediction",
        "retrosynthesis",
        "force fields",
        "spectroscopy",
        "electrochemistry",
        "polymer chemistry",
        "cheminformatics",
    ],
    "biology": [
        "protein language models",
        "genomics",
        "protein design",
        "single cell",
        "proteomics",
        "structural biology",
        "microbiome",
        "systems biology",
        "evolution",
        "neuroscience",
    ],
    "materials": [
        "materials discovery",
        "crystal structures",
        "batteries",
        "alloys",
        "semiconductors",
        "superconductors",
        "microstructure",
        "catalyst materials",
        "thin films",
        "phase diagrams",
    ],
    "climate": [
        "weather forecasting",
        "earth system models",
        "downscaling",
        "ocean modelling",
        "extreme events",
        "carbon cycle",
        "sea ice",
        "hydrology",
        "air quality",
        "wildfires",
    ],
    "medicine": [
        "clinical notes",
        "medical imaging",
        "drug discovery",
        "pathology",
        "radiology",
        "electronic health records",
        "cancer",
        "epidemiology",
        "genetic medicine",
        "clinical trials",
    ],
    "engineering": [
        "surrogate models",
        "digital twins",
        "computational fluid dynamics",
        "combustion",
        "structural mechanics",
        "power grids",
        "additive manufacturing",
        "turbulence",
        "reactor design",
        "robotics",
    ],
    "*": ["foundation models", "hpc", "scaling laws", "open science"],
}
BIO = (
    "I work on {area_a} and {area_b}, lately on {kw_a} and {kw_b}. "
    "I am interested in large models for science and in projects that span sites."
)


def _profile_row(rng: random.Random, user: User, institution, areas: Sequence[ExpertiseArea]):
    chosen = rng.sample(list(areas), k=rng.randint(2, 4))
    pool = [kw for area in chosen for kw in KEYWORDS.get(area.slug, [])] + KEYWORDS["*"]
    keywords = rng.sample(pool, k=min(len(pool), rng.randint(2, 5)))
    roll = rng.random()
    visibility = (
        Profile.Visibility.PUBLIC
        if roll < 0.2
        else Profile.Visibility.HIDDEN
        if roll > 0.95
        else Profile.Visibility.MEMBERS
    )
    profile = Profile(
        user=user,
        display_name=user.full_name,
        title=rng.choice(TITLES),
        institution=institution,
        affiliated_via=Profile.AffiliatedVia.STAFF,
        affiliated_at=timezone.now(),
        bio=BIO.format(
            area_a=chosen[0].name.lower(),
            area_b=chosen[1].name.lower(),
            kw_a=keywords[0],
            kw_b=keywords[-1],
        ),
        career_stage=rng.choice(Profile.CareerStage.values),
        open_to_collaboration=rng.random() < 0.7,
        open_to_mentoring=rng.random() < 0.3,
        open_to_hosting_students=rng.random() < 0.2,
        visibility=visibility,
        email_visible=rng.random() < 0.3,
    )
    return profile, chosen, keywords


@transaction.atomic
def researchers_bulk_create(
    *, count: int, email_pattern: str, seed: int = 2026, batch_size: int = 5000
) -> int:
    """Create `count` synthetic researchers at member institutions; return how many.

    `email_pattern` is formatted with the running number, e.g. "r{n:06d}@scale.tpc.example";
    numbers whose address exists already are skipped, so running twice adds nothing.
    """
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets
    institutions = list(Institution.objects.filter(status=Institution.Status.MEMBER))
    areas = list(ExpertiseArea.objects.all())
    if not institutions or not areas:
        raise RuntimeError("Seed institutions and the expertise taxonomy first.")
    wanted = [email_pattern.format(n=n) for n in range(count)]
    existing = set(User.objects.filter(email__in=wanted).values_list("email", flat=True))
    unusable = make_password(None)
    users = []
    for email in wanted:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        if email not in existing:
            users.append(
                User(email=email, full_name=name, password=unusable, date_joined=timezone.now())
            )
    created = 0
    for start in range(0, len(users), batch_size):
        batch = User.objects.bulk_create(users[start : start + batch_size])
        if batch and batch[0].pk is None:  # backends without RETURNING: fetch the ids
            by_email = dict(
                User.objects.filter(email__in=[u.email for u in batch]).values_list("email", "pk")
            )
            for user in batch:
                user.pk = by_email[user.email]
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in batch]
        )
        created += _profiles_for(batch, rng, institutions, areas)
    profile_search_vector_update()
    return created


def _profiles_for(users, rng, institutions, areas) -> int:
    rows = [_profile_row(rng, user, rng.choice(institutions), areas) for user in users]
    profiles = Profile.objects.bulk_create([profile for profile, _a, _k in rows])
    if profiles and profiles[0].pk is None:
        by_user = dict(
            Profile.objects.filter(user__in=[p.user for p in profiles]).values_list("user_id", "pk")
        )
        for profile in profiles:
            profile.pk = by_user[profile.user_id]
    names = sorted({kw for _p, _a, keywords in rows for kw in keywords})
    Keyword.objects.bulk_create([Keyword(name=name) for name in names], ignore_conflicts=True)
    keyword_ids = dict(Keyword.objects.filter(name__in=names).values_list("name", "pk"))
    area_links, keyword_links = [], []
    for profile, chosen, keywords in rows:
        area_links += [
            Profile.expertise.through(profile_id=profile.pk, expertisearea_id=a.pk) for a in chosen
        ]
        keyword_links += [
            Profile.keywords.through(profile_id=profile.pk, keyword_id=keyword_ids[k])
            for k in keywords
        ]
    Profile.expertise.through.objects.bulk_create(area_links, batch_size=10000)
    Profile.keywords.through.objects.bulk_create(keyword_links, batch_size=10000)
    return len(profiles)
