"""A labelled set for the similar-work ranking (projects/similarity.py).

Projects of the kinds TPC runs, generated from a vocabulary of science topics, methods and
artefacts, each concept written two ways: phrasing "a" for the projects stored in the
database, phrasing "b" (synonyms, another word order, another sentence shape, a few words in
common) for the drafts that paraphrase them. Generic consortium sentences are mixed into
every summary, as real ones carry them.

- `stored_projects()`: 220 distinct projects (a topic and a method each, no two alike).
- `duplicate_pairs()`: 32 drafts, each a paraphrase of one stored project (the label).
- `unrelated_drafts()`: drafts about topics and methods no stored project has.
- `is_unrelated(draft, stored)`: different science domain and different method.

Deterministic (a seeded random generator), so a failure reproduces.
"""

import random
from dataclasses import dataclass, field

SEED = 12


@dataclass(frozen=True)
class Concept:
    key: str
    area: str  # an expertise area slug of the taxonomy
    name_a: str
    detail_a: str
    name_b: str
    detail_b: str
    domain: str = ""


# Science topics: (key, domain area, phrasing a, phrasing b).
TOPICS = [
    Concept(
        "downscaling",
        "climate",
        "regional climate downscaling",
        "Global climate projections are too coarse for local adaptation planning; we refine "
        "them to kilometre-scale regional fields of temperature and rainfall.",
        "high-resolution local climate projections",
        "Planners need rainfall and temperature at the scale of a river basin, so coarse "
        "global projections are downscaled to fine local grids.",
    ),
    Concept(
        "extremes",
        "climate",
        "extreme weather forecasting",
        "Heatwaves, floods and tropical cyclones cause most weather damage; forecasting these "
        "extremes days ahead saves lives.",
        "early warning of severe weather events",
        "Severe events such as floods and heatwaves need earlier warnings than numerical "
        "forecasts currently give.",
    ),
    Concept(
        "ocean",
        "climate",
        "ocean circulation modelling",
        "Ocean currents and eddies move heat around the planet; modelling the circulation "
        "accurately is costly at eddy-resolving resolution.",
        "simulating global sea currents and eddies",
        "Eddy-resolving simulations of sea currents are expensive, yet the circulation "
        "controls how the ocean stores heat.",
    ),
    Concept(
        "aerosols",
        "climate",
        "atmospheric aerosol chemistry",
        "Aerosol particles and their chemistry in the atmosphere remain the largest "
        "uncertainty in radiative forcing.",
        "airborne particle chemistry and cloud effects",
        "How airborne particles react and seed clouds is poorly constrained, which limits "
        "estimates of atmospheric forcing.",
    ),
    Concept(
        "electrolytes",
        "materials",
        "battery electrolyte discovery",
        "Safer solid-state batteries need electrolytes with high ionic conductivity; we search "
        "candidate electrolyte compositions.",
        "finding new conductive electrolytes for batteries",
        "Candidate compositions for battery electrolytes are screened for ionic conductivity "
        "and stability before synthesis.",
    ),
    Concept(
        "crystals",
        "materials",
        "crystal structure prediction",
        "Predicting the stable crystal structure of an inorganic compound from its composition "
        "is a long-standing materials challenge.",
        "predicting stable inorganic crystal lattices",
        "From a chemical composition alone, the stable lattice of an inorganic crystal is "
        "predicted and ranked by formation energy.",
    ),
    Concept(
        "catalysts",
        "materials",
        "catalyst design for green hydrogen",
        "Electrocatalysts for water splitting decide the cost of green hydrogen; we design "
        "catalyst surfaces with lower overpotential.",
        "discovering electrocatalysts that split water into hydrogen",
        "Cheaper hydrogen depends on water-splitting electrocatalysts; surfaces are proposed "
        "and ranked by predicted activity.",
    ),
    Concept(
        "polymers",
        "materials",
        "polymer property prediction",
        "Polymers are designed by trial and error; predicting glass transition and tensile "
        "properties from monomer structure speeds it up.",
        "estimating properties of plastics from their monomers",
        "The glass transition and strength of plastics are estimated from the monomer "
        "chemistry before anything is made.",
    ),
    Concept(
        "retrosynthesis",
        "chemistry",
        "retrosynthesis planning",
        "Chemists plan synthesis routes backwards from a target molecule; automated "
        "retrosynthesis proposes feasible reaction routes.",
        "automatic planning of synthesis routes for target molecules",
        "Given a target molecule, feasible routes of reactions back to purchasable starting "
        "materials are planned automatically.",
    ),
    Concept(
        "forcefields",
        "chemistry",
        "machine-learned force fields for molecular dynamics",
        "Molecular dynamics with quantum accuracy needs force fields learned from density "
        "functional theory calculations.",
        "learned interatomic potentials for atomistic simulation",
        "Interatomic potentials trained on quantum chemistry data let atomistic simulations "
        "run at near-DFT accuracy for long trajectories.",
    ),
    Concept(
        "spectra",
        "chemistry",
        "spectroscopy interpretation",
        "Infrared and NMR spectra are interpreted by experts; automating the assignment of "
        "spectra to structures accelerates analysis.",
        "assigning molecular structures to measured NMR and infrared spectra",
        "Measured spectra are matched to candidate molecular structures without an expert "
        "reading every peak.",
    ),
    Concept(
        "proteins",
        "biology",
        "protein structure prediction",
        "Predicting how a protein folds from its amino-acid sequence underpins drug design and "
        "enzyme engineering.",
        "predicting the three-dimensional fold of proteins",
        "The fold a protein adopts follows from its sequence of amino acids; getting the 3D "
        "shape right matters for binding studies.",
    ),
    Concept(
        "singlecell",
        "biology",
        "single-cell transcriptomics",
        "Single-cell RNA sequencing measures gene expression in millions of cells; "
        "integrating atlases across labs is hard.",
        "gene expression atlases of individual cells",
        "Atlases measuring expression of every gene in individual cells come from many labs "
        "and resist integration.",
    ),
    Concept(
        "genomes",
        "biology",
        "genome language modelling",
        "Whole-genome DNA sequences hold regulatory grammar that language models can learn "
        "from raw nucleotides.",
        "learning the regulatory grammar of DNA sequences",
        "Raw nucleotide sequences of whole genomes carry regulatory signals that can be "
        "learned without annotation.",
    ),
    Concept(
        "radiology",
        "medicine",
        "radiology report generation",
        "Radiologists spend hours writing reports; generating draft radiology reports from "
        "chest X-rays and CT scans could help.",
        "drafting imaging reports from chest X-rays",
        "Draft reports for chest X-ray and CT images would save radiologists time spent writing.",
    ),
    Concept(
        "clinical",
        "medicine",
        "clinical notes understanding",
        "Clinical notes in electronic health records hold diagnoses and outcomes in free text "
        "that is hard to search.",
        "reading free-text physician notes in health records",
        "Physicians' free-text notes in health records hide diagnoses and outcomes from "
        "structured queries.",
    ),
    Concept(
        "drugs",
        "medicine",
        "drug-target interaction prediction",
        "Predicting which compounds bind a protein target narrows drug discovery screens to "
        "promising candidates.",
        "forecasting binding between candidate drugs and protein targets",
        "Which candidate compounds bind a given protein target is forecast before costly "
        "wet-lab screening.",
    ),
    Concept(
        "collisions",
        "physics",
        "particle collision event reconstruction",
        "Detectors at the Large Hadron Collider record billions of collisions; reconstructing "
        "particle tracks and jets is the bottleneck.",
        "reconstructing tracks and jets from collider detector hits",
        "Raw detector hits from the LHC must become particle tracks and jets fast enough for "
        "the trigger.",
    ),
    Concept(
        "fusion",
        "physics",
        "fusion plasma control",
        "Tokamak plasmas disrupt without warning; real-time control of plasma shape and "
        "instabilities protects fusion reactors.",
        "keeping tokamak plasmas stable in real time",
        "Disruptions in tokamak reactors must be predicted and the plasma steered away from "
        "instabilities within milliseconds.",
    ),
    Concept(
        "cosmology",
        "physics",
        "cosmological simulation emulation",
        "N-body cosmological simulations of large-scale structure take millions of core-hours "
        "each; emulators replace them for inference.",
        "fast stand-ins for N-body simulations of the universe",
        "Each N-body run of large-scale structure costs millions of core-hours, too many for "
        "parameter inference in cosmology.",
    ),
    Concept(
        "turbulence",
        "engineering",
        "turbulent flow simulation",
        "Resolving turbulence in computational fluid dynamics is expensive; closure models "
        "limit accuracy in engineering flows.",
        "cheaper simulation of turbulence in fluid flows",
        "Fluid dynamics solvers spend most of their cost resolving turbulence, and closures "
        "are inaccurate.",
    ),
    Concept(
        "printing",
        "engineering",
        "additive manufacturing defect detection",
        "Metal 3D printing leaves porosity and cracks; in-situ monitoring can detect defects "
        "layer by layer.",
        "spotting flaws in metal 3D-printed parts",
        "Cracks and pores in metal parts built by 3D printing are spotted from melt-pool "
        "images during the build.",
    ),
    Concept(
        "literature",
        "nlp-and-multimodal-models",
        "scientific literature mining",
        "Millions of research papers hold findings nobody can read in full; mining the "
        "literature extracts claims and evidence.",
        "extracting findings from millions of research papers",
        "Claims and evidence buried in research papers are extracted at the scale of the "
        "whole literature.",
    ),
    Concept(
        "code",
        "software-systems",
        "scientific code generation",
        "Scientists write Fortran, C++ and Python for simulations; generating and porting "
        "scientific code saves developer time.",
        "writing and porting simulation software automatically",
        "Simulation software in Fortran and C++ is ported and extended automatically, freeing "
        "developer time.",
    ),
    # Reserved: no stored project is about these (the unrelated drafts use them).
    Concept(
        "qcd",
        "physics",
        "lattice QCD gauge configuration sampling",
        "Lattice quantum chromodynamics needs gauge field configurations sampled from a "
        "costly Markov chain.",
        "sampling gauge fields for lattice quantum chromodynamics",
        "Gauge fields are sampled for quantum chromodynamics on a lattice.",
    ),
    Concept(
        "wildfire",
        "engineering",
        "wildfire spread prediction",
        "Wildfires spread with wind, fuel moisture and terrain; predicting the fire front "
        "guides evacuations.",
        "forecasting where a wildfire front moves",
        "Wind, fuel and terrain drive where a fire front moves next.",
    ),
]
RESERVED_TOPICS = {"qcd", "wildfire"}

METHODS = [
    Concept(
        "pretraining",
        "model-architectures",
        "foundation model pretraining",
        "We pretrain a foundation model with billions of parameters on a curated corpus, then "
        "release it for the community.",
        "a large base model trained from scratch",
        "A base model of billions of parameters is trained from scratch on a curated corpus "
        "and released to others.",
    ),
    Concept(
        "moe",
        "model-architectures",
        "mixture-of-experts transformer",
        "A sparse mixture-of-experts transformer routes each token to a few experts, so "
        "capacity grows without proportional compute.",
        "sparsely routed expert architecture",
        "Tokens are routed to a few expert sub-networks, which grows capacity without "
        "growing compute in proportion.",
    ),
    Concept(
        "rag",
        "nlp-and-multimodal-models",
        "retrieval-augmented generation",
        "Retrieval-augmented generation grounds answers in retrieved documents, reducing "
        "hallucination and citing sources.",
        "answers grounded in retrieved documents",
        "Each answer cites documents retrieved from an index, which keeps generation grounded "
        "and reduces hallucination.",
    ),
    Concept(
        "finetuning",
        "downstream-adaptation",
        "instruction fine-tuning of open models",
        "Open pretrained models are fine-tuned on expert-written instructions so they follow "
        "domain requests.",
        "adapting pretrained models with expert instructions",
        "Expert-written instructions adapt an open pretrained model so it follows requests in "
        "the domain.",
    ),
    Concept(
        "benchmark",
        "evaluation",
        "evaluation benchmark suite",
        "An evaluation benchmark of held-out tasks measures what models really know, with "
        "contamination checks.",
        "held-out test tasks that measure model skill",
        "Held-out tasks with contamination checks measure the skill of models and rank them.",
    ),
    Concept(
        "curation",
        "data-aggregation-cleaning-and-curation",
        "training data curation pipeline",
        "A data curation pipeline deduplicates, filters and licenses training corpora at "
        "petabyte scale.",
        "cleaning and deduplicating training corpora",
        "Training corpora are deduplicated, filtered for quality and checked for licences at "
        "petabyte scale.",
    ),
    Concept(
        "scaling",
        "training-runtimes",
        "scaling-law study",
        "A scaling-law study measures how loss falls with parameters, data and compute to "
        "plan training budgets.",
        "how loss changes with model size, data and compute",
        "Loss is measured against parameters, tokens and compute to plan budgets: a study of "
        "scaling.",
    ),
    Concept(
        "gnn",
        "model-architectures",
        "graph neural network surrogate",
        "A graph neural network surrogate learns the solver's dynamics on meshes and runs "
        "orders of magnitude faster.",
        "mesh-based graph network emulator",
        "A graph network emulates the solver on unstructured meshes, orders of magnitude "
        "faster than the original.",
    ),
    Concept(
        "diffusion",
        "model-architectures",
        "diffusion generative model",
        "A denoising diffusion model generates samples conditioned on inputs, with calibrated "
        "spread across an ensemble.",
        "generative denoising diffusion sampler",
        "Samples are generated by denoising diffusion conditioned on the inputs, giving an "
        "ensemble with spread.",
    ),
    Concept(
        "uncertainty",
        "alignment-and-trust",
        "uncertainty quantification for trustworthy predictions",
        "Calibrated uncertainty quantification tells scientists when a prediction can be "
        "trusted and when it cannot.",
        "calibrated confidence so scientists can trust predictions",
        "Scientists get calibrated confidence with each prediction, so they know when to trust it.",
    ),
    Concept(
        "multimodal",
        "nlp-and-multimodal-models",
        "multimodal vision-language model",
        "A multimodal vision-language model reads images, plots and text together and answers "
        "questions about them.",
        "model reading images and text jointly",
        "Images, plots and text are read jointly by one model, which answers questions across "
        "them.",
    ),
    Concept(
        "agents",
        "ai-workflows",
        "autonomous agent workflows",
        "Autonomous agents plan experiments, call simulation tools and steer workflows on "
        "supercomputers.",
        "agents that plan experiments and steer tools",
        "Experiments are planned by agents that call simulation tools and steer the workflow "
        "without a human in the loop.",
    ),
    # Reserved: no stored project uses these.
    Concept(
        "neuromorphic",
        "hardware-systems",
        "neuromorphic hardware co-design",
        "Spiking neural networks are co-designed with neuromorphic chips for low-power "
        "inference at the edge.",
        "low-power spiking chips designed with their networks",
        "Spiking networks and chips are designed together for inference at the edge.",
    ),
]
RESERVED_METHODS = {"neuromorphic"}

ARTEFACTS = [
    (
        "The dataset is released openly with a datasheet.",
        "We publish the data collection with documentation.",
    ),
    (
        "Model checkpoints are shared under an open licence.",
        "Trained weights go out under a permissive licence.",
    ),
    (
        "The code is packaged as a reusable library.",
        "Everything ships as an installable software package.",
    ),
    (
        "A public leaderboard tracks submissions.",
        "Results are ranked on an open scoreboard.",
    ),
]

# What every consortium project says in one way or another.
GENERIC = [
    "The team spans national laboratories, universities and industry partners.",
    "Training runs on leadership-class supercomputers through consortium allocations.",
    "We coordinate with the relevant working groups of the consortium.",
    "Results will be presented at the consortium's annual meeting.",
    "Students and postdocs join through the consortium's openings.",
    "The work builds on earlier pilots by several member institutions.",
    "All outputs follow the consortium's open science policy.",
    "Progress is reported quarterly to the steering committee.",
]

TITLES_A = [
    "{method} for {topic}",
    "{Topic} with a {method}",
    "{Topic}: {method}",
]
TITLES_B = [
    "{Topic}, using {method}",
    "Towards {topic} through {method}",
]


@dataclass(frozen=True)
class Draft:
    title: str
    summary: str
    areas: tuple[str, ...]
    topic: str
    method: str
    key: str = field(default="")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _draft(topic: Concept, method: Concept, rng: random.Random, *, phrasing: str) -> Draft:
    generic = rng.sample(GENERIC, 3)
    artefact = rng.choice(ARTEFACTS)
    if phrasing == "a":
        title = rng.choice(TITLES_A).format(
            method=method.name_a,
            topic=topic.name_a,
            Topic=_cap(topic.name_a),
        )
        sentences = [topic.detail_a, method.detail_a, generic[0], artefact[0], generic[1]]
    else:
        title = rng.choice(TITLES_B).format(
            topic=topic.name_b, Topic=_cap(topic.name_b), method=method.name_b
        )
        sentences = [generic[2], method.detail_b, topic.detail_b, artefact[1]]
    return Draft(
        title=_cap(title),
        summary=" ".join(sentences),
        areas=tuple(sorted({topic.area, method.area})),
        topic=topic.key,
        method=method.key,
        key=f"{topic.key}-{method.key}",
    )


def _combinations() -> list[tuple[Concept, Concept]]:
    return [
        (topic, method)
        for topic in TOPICS
        if topic.key not in RESERVED_TOPICS
        for method in METHODS
        if method.key not in RESERVED_METHODS
    ]


def _chosen() -> tuple[list[tuple[Concept, Concept]], list[tuple[Concept, Concept]]]:
    """The stored combinations (220) and, among them, the paraphrased ones (32)."""
    rng = random.Random(SEED)
    combinations = _combinations()
    stored = rng.sample(combinations, 220)
    paired = rng.sample(stored, 32)
    return stored, paired


def stored_projects() -> list[Draft]:
    rng = random.Random(SEED + 1)
    stored, _paired = _chosen()
    return [_draft(topic, method, rng, phrasing="a") for topic, method in stored]


def duplicate_pairs() -> list[tuple[Draft, str]]:
    """(the paraphrasing draft, the key of the stored project it duplicates)."""
    rng = random.Random(SEED + 2)
    _stored, paired = _chosen()
    pairs = []
    for topic, method in paired:
        draft = _draft(topic, method, rng, phrasing="b")
        pairs.append((draft, draft.key))
    return pairs


def unrelated_drafts() -> list[Draft]:
    """Drafts whose topic and method no stored project has."""
    rng = random.Random(SEED + 3)
    topics = [t for t in TOPICS if t.key in RESERVED_TOPICS]
    methods = [m for m in METHODS if m.key in RESERVED_METHODS]
    return [
        _draft(topic, method, rng, phrasing=phrasing)
        for topic in topics
        for method in methods
        for phrasing in ("a", "b")
    ]


_DOMAIN = {topic.key: topic.area for topic in TOPICS}


def is_unrelated(draft: Draft, stored: Draft) -> bool:
    """Another science domain and another method: nothing a reviewer would call overlap."""
    return _DOMAIN[draft.topic] != _DOMAIN[stored.topic] and draft.method != stored.method
