"""The demo's projects that are still before the committee, or never got past it: proposed
(two of them overlapping plainly), revision requested, rejected, withdrawn, drafts. Data
only; the plans' shape and the active and completed ones are in plans.py."""

from projects.demo.plans import ADA, CO_PI, GRACE, MEMBER, PI, STUDENT, K, Plan

PROPOSALS = [
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
