"""Words for synthetic projects of the kinds TPC runs: methods, what a project releases,
and what every consortium proposal says anyway (the science topics are in
projects/demo/topics.py).

Combined by projects/demo/scale.py into thousands of distinct projects.
"""

# (area, name, [detail sentences])
METHODS: list[tuple[str, str, list[str]]] = [
    (
        "model-architectures",
        "foundation model",
        [
            "We pretrain a foundation model with billions of parameters on a curated corpus.",
            "A pretrained foundation model is released for the community to adapt.",
        ],
    ),
    (
        "model-architectures",
        "mixture-of-experts transformer",
        [
            "A sparse mixture-of-experts transformer routes each token to a few experts.",
            "Expert routing grows capacity without proportional compute.",
        ],
    ),
    (
        "nlp-and-multimodal-models",
        "retrieval-augmented assistant",
        [
            "Retrieval-augmented generation grounds answers in retrieved documents.",
            "The assistant cites its sources and reduces hallucination.",
        ],
    ),
    (
        "downstream-adaptation",
        "instruction-tuned model",
        [
            "Open pretrained models are fine-tuned on expert-written instructions.",
            "Parameter-efficient fine-tuning adapts the model to domain requests.",
        ],
    ),
    (
        "evaluation",
        "evaluation benchmark",
        [
            "A benchmark of held-out tasks measures what models really know.",
            "Contamination checks and expert-written questions keep the evaluation honest.",
        ],
    ),
    (
        "data-aggregation-cleaning-and-curation",
        "data curation pipeline",
        [
            "A curation pipeline deduplicates, filters and licenses training data.",
            "Quality filters and provenance records are applied at petabyte scale.",
        ],
    ),
    (
        "training-runtimes",
        "scaling study",
        [
            "A scaling study measures how loss falls with parameters, data and compute.",
            "Compute-optimal budgets are planned from fitted scaling laws.",
        ],
    ),
    (
        "model-architectures",
        "graph neural network surrogate",
        [
            "A graph neural network surrogate learns the solver's dynamics on meshes.",
            "The surrogate runs orders of magnitude faster than the simulation.",
        ],
    ),
    (
        "model-architectures",
        "diffusion model",
        [
            "A denoising diffusion model generates samples conditioned on inputs.",
            "Diffusion sampling gives calibrated ensembles.",
        ],
    ),
    (
        "alignment-and-trust",
        "uncertainty-aware model",
        [
            "Calibrated uncertainty tells scientists when a prediction can be trusted.",
            "Out-of-distribution inputs are flagged before they mislead.",
        ],
    ),
    (
        "nlp-and-multimodal-models",
        "vision-language model",
        [
            "A multimodal model reads images, plots and text together.",
            "Questions about figures and tables are answered from both modalities.",
        ],
    ),
    (
        "ai-workflows",
        "autonomous agent workflow",
        [
            "Autonomous agents plan experiments and call simulation tools.",
            "Agents steer workflows on supercomputers and robotic laboratories.",
        ],
    ),
    (
        "scalable-libraries-and-frameworks",
        "distributed training library",
        [
            "A library shards models and optimiser state across thousands of GPUs.",
            "Pipeline and tensor parallelism are combined for efficient training.",
        ],
    ),
    (
        "hardware-systems",
        "accelerator co-design",
        [
            "Kernels and accelerators are co-designed for sparse and low-precision arithmetic.",
            "Energy per token is measured across accelerator generations.",
        ],
    ),
    (
        "alignment-and-trust",
        "red-teaming and safety evaluation",
        [
            "Red-teaming probes models for dual-use and unsafe scientific advice.",
            "Safety evaluations are run before any release.",
        ],
    ),
    (
        "ai-workflows",
        "active learning loop",
        [
            "Active learning picks the next simulation or experiment to run.",
            "The loop closes between model, simulator and laboratory.",
        ],
    ),
]

TITLES = [
    "{Method} for {topic}",
    "{Topic} with a {method}",
    "A {method} for {topic}",
    "{Topic}: {method}",
    "Scalable {topic} using a {method}",
    "{Topic} at exascale with a {method}",
]

ARTEFACTS = [
    "The curated dataset is released openly with a datasheet.",
    "Model checkpoints are shared under an open licence.",
    "The code is packaged as a reusable library.",
    "A public leaderboard tracks community submissions.",
    "Workflows are published so other sites can reproduce them.",
    "Trained weights and evaluation scripts are released together.",
]

SYSTEMS = ["Aurora", "Frontier", "Perlmutter", "Polaris", "JUPITER", "LUMI", "Alps", "Fugaku"]

GENERIC = [
    "The team spans national laboratories, universities and industry partners.",
    "Training runs on {system} through consortium allocations.",
    "We coordinate with the relevant working groups of the consortium.",
    "Results will be presented at the consortium's annual meeting.",
    "Students and postdocs join through the consortium's openings.",
    "The work builds on earlier pilots by several member institutions.",
    "All outputs follow the consortium's open science policy.",
    "Progress is reported quarterly to the steering committee.",
    "A first milestone is due within six months of the start.",
    "Partners contribute domain data, compute time and engineering effort.",
]
