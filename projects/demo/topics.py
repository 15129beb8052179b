"""Science topics for synthetic projects: the domains TPC's members work in, each as
(expertise area slug, short name, sentences that describe it). projects/demo/scale.py
combines them with the methods and phrasing of projects/demo/vocabulary.py.
"""

# (area, name, [detail sentences])
TOPICS: list[tuple[str, str, list[str]]] = [
    (
        "climate",
        "regional climate downscaling",
        [
            "Global climate projections are too coarse for local adaptation; we refine them "
            "to kilometre-scale fields of temperature and precipitation.",
            "Downscaling turns coarse projections into the local rainfall statistics that "
            "water managers plan with.",
        ],
    ),
    (
        "climate",
        "extreme weather forecasting",
        [
            "Heatwaves, floods and tropical cyclones cause most weather damage; forecasting "
            "extremes days ahead saves lives.",
            "Ensembles of medium-range forecasts miss the tails where extreme events live.",
        ],
    ),
    (
        "climate",
        "ocean circulation modelling",
        [
            "Eddy-resolving ocean models are costly, yet ocean circulation controls how heat "
            "is stored.",
            "Mesoscale eddies and boundary currents dominate the transport of heat and carbon.",
        ],
    ),
    (
        "climate",
        "sea ice prediction",
        [
            "Arctic sea ice thins faster than models predicted; seasonal forecasts guide "
            "shipping and communities.",
            "Sea ice thickness and extent are predicted months ahead from satellite records.",
        ],
    ),
    (
        "climate",
        "atmospheric aerosol chemistry",
        [
            "Aerosol particles and their chemistry remain the largest uncertainty in radiative "
            "forcing.",
            "Cloud condensation nuclei form from aerosols whose chemistry is poorly sampled.",
        ],
    ),
    (
        "climate",
        "hydrology and flood mapping",
        [
            "River discharge and flood extent are mapped from gauges, radar and terrain.",
            "Catchment hydrology models are calibrated basin by basin, slowly.",
        ],
    ),
    (
        "materials",
        "battery electrolyte discovery",
        [
            "Solid-state batteries need electrolytes with high ionic conductivity and stability.",
            "Millions of candidate electrolyte compositions are screened for conductivity.",
        ],
    ),
    (
        "materials",
        "crystal structure prediction",
        [
            "Predicting the stable crystal structure of an inorganic compound from its "
            "composition is a long-standing challenge.",
            "Candidate lattices are generated and ranked by formation energy.",
        ],
    ),
    (
        "materials",
        "catalyst design for green hydrogen",
        [
            "Electrocatalysts for water splitting decide the cost of green hydrogen.",
            "Catalyst surfaces are proposed and ranked by predicted overpotential.",
        ],
    ),
    (
        "materials",
        "polymer property prediction",
        [
            "Glass transition temperature and tensile strength are predicted from monomer "
            "structure.",
            "Polymer chemists still design by trial and error in the laboratory.",
        ],
    ),
    (
        "materials",
        "alloy design for extreme environments",
        [
            "High-entropy alloys for reactors and turbines must resist heat, radiation and "
            "corrosion.",
            "Alloy compositions are explored with thermodynamic and mechanical constraints.",
        ],
    ),
    (
        "materials",
        "photovoltaic perovskites",
        [
            "Perovskite solar cells degrade under humidity and heat; stable compositions are rare.",
            "Perovskite absorbers are screened for band gap and stability.",
        ],
    ),
    (
        "chemistry",
        "retrosynthesis planning",
        [
            "Chemists plan synthesis routes backwards from a target molecule.",
            "Automated retrosynthesis proposes feasible reaction routes to purchasable precursors.",
        ],
    ),
    (
        "chemistry",
        "machine-learned interatomic potentials",
        [
            "Molecular dynamics with quantum accuracy needs potentials learned from density "
            "functional theory.",
            "Interatomic potentials trained on DFT data run long trajectories cheaply.",
        ],
    ),
    (
        "chemistry",
        "spectroscopy interpretation",
        [
            "Infrared, Raman and NMR spectra are assigned to structures by experts.",
            "Spectra from automated laboratories outpace the chemists who read them.",
        ],
    ),
    (
        "chemistry",
        "reaction yield optimisation",
        [
            "Reaction conditions are tuned one experiment at a time to raise yield.",
            "Yield depends on solvent, temperature and catalyst loading in ways hard to predict.",
        ],
    ),
    (
        "chemistry",
        "quantum chemistry acceleration",
        [
            "Coupled-cluster calculations scale steeply with system size.",
            "Wavefunction methods limit the molecules quantum chemistry can treat.",
        ],
    ),
    (
        "biology",
        "protein structure prediction",
        [
            "How a protein folds from its amino-acid sequence underpins drug and enzyme design.",
            "Structure prediction for complexes and disordered regions remains open.",
        ],
    ),
    (
        "biology",
        "single-cell transcriptomics",
        [
            "Single-cell RNA sequencing measures gene expression in millions of cells.",
            "Integrating single-cell atlases across laboratories removes batch effects.",
        ],
    ),
    (
        "biology",
        "genome language modelling",
        [
            "Whole-genome DNA sequences hold a regulatory grammar learnable from nucleotides.",
            "Promoters, enhancers and splicing signals are read from raw sequence.",
        ],
    ),
    (
        "biology",
        "enzyme engineering",
        [
            "Enzymes are engineered for industrial conditions by directed evolution.",
            "Mutations that raise enzyme activity and stability are proposed in silico.",
        ],
    ),
    (
        "biology",
        "microbiome analysis",
        [
            "Metagenomic samples reveal microbial communities in soil, oceans and the gut.",
            "Microbial genomes assembled from metagenomes are annotated for function.",
        ],
    ),
    (
        "biology",
        "neuroscience connectomics",
        [
            "Electron microscopy volumes of brain tissue are segmented into neurons and synapses.",
            "Connectomes at cellular resolution need petascale image analysis.",
        ],
    ),
    (
        "medicine",
        "radiology report generation",
        [
            "Radiologists spend hours writing reports for chest X-rays and CT scans.",
            "Draft reports generated from images are checked by a radiologist.",
        ],
    ),
    (
        "medicine",
        "clinical notes understanding",
        [
            "Clinical notes in electronic health records hold diagnoses in free text.",
            "Outcomes and adverse events are extracted from physician notes.",
        ],
    ),
    (
        "medicine",
        "drug-target interaction prediction",
        [
            "Predicting which compounds bind a protein target narrows drug screens.",
            "Binding affinity is estimated before costly wet-lab assays.",
        ],
    ),
    (
        "medicine",
        "digital pathology",
        [
            "Whole-slide images of tissue biopsies run to gigapixels each.",
            "Tumour grading from pathology slides varies between pathologists.",
        ],
    ),
    (
        "medicine",
        "cancer genomics",
        [
            "Tumour sequencing reveals driver mutations that guide therapy.",
            "Somatic variants are called and interpreted across thousands of tumours.",
        ],
    ),
    (
        "physics",
        "particle collision event reconstruction",
        [
            "Detectors at the Large Hadron Collider record billions of collisions.",
            "Reconstructing tracks and jets is the bottleneck of the trigger.",
        ],
    ),
    (
        "physics",
        "fusion plasma control",
        [
            "Tokamak plasmas disrupt without warning; real-time control protects reactors.",
            "Plasma shape and instabilities are steered within milliseconds.",
        ],
    ),
    (
        "physics",
        "cosmological simulation emulation",
        [
            "N-body simulations of large-scale structure take millions of core-hours each.",
            "Emulators of cosmological simulations make parameter inference feasible.",
        ],
    ),
    (
        "physics",
        "lattice QCD sampling",
        [
            "Lattice quantum chromodynamics needs gauge configurations from costly Markov chains.",
            "Critical slowing down limits lattice simulations near the continuum.",
        ],
    ),
    (
        "physics",
        "gravitational wave detection",
        [
            "Gravitational wave signals hide in detector noise and glitches.",
            "Compact binary mergers are detected and characterised in low latency.",
        ],
    ),
    (
        "physics",
        "light source beamline analysis",
        [
            "X-ray light sources produce terabytes of diffraction images per hour.",
            "Beamline experiments need analysis fast enough to steer the next shot.",
        ],
    ),
    (
        "engineering",
        "turbulent flow simulation",
        [
            "Resolving turbulence in computational fluid dynamics is expensive.",
            "Closure models limit accuracy in engineering flows.",
        ],
    ),
    (
        "engineering",
        "additive manufacturing defect detection",
        [
            "Metal 3D printing leaves porosity and cracks detectable layer by layer.",
            "Melt-pool monitoring catches defects during the build.",
        ],
    ),
    (
        "engineering",
        "power grid resilience",
        [
            "Power grids with renewables face new failure modes and cascading outages.",
            "Grid operators plan for storms and demand peaks with slow simulations.",
        ],
    ),
    (
        "engineering",
        "combustion modelling",
        [
            "Combustion chemistry couples hundreds of species to turbulent flow.",
            "Cleaner engines and turbines need faster combustion simulation.",
        ],
    ),
    (
        "nlp-and-multimodal-models",
        "scientific literature mining",
        [
            "Millions of research papers hold findings nobody reads in full.",
            "Claims and evidence are extracted from the literature at scale.",
        ],
    ),
    (
        "software-systems",
        "scientific code generation",
        [
            "Scientists write Fortran, C++ and Python for simulations.",
            "Legacy scientific codes are ported to GPUs with generated code.",
        ],
    ),
    (
        "physics",
        "mathematical theorem proving",
        [
            "Formal proofs in Lean are checked by machine but written by hand.",
            "Conjectures are formalised and proved with machine assistance.",
        ],
    ),
]
