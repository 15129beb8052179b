"""Demo data. Never load this into production.

- showcase.py: `seed()` for a local `make run` (seed_demo): about 25 projects at every
  status, through the real services, from the plans in plans.py (active, completed) and
  proposals.py (the rest);
- openings.py: `seed_openings()`, openings on three active projects and a subscribed
  student, after the projects;
- scale.py and vocabulary.py: synthetic projects in bulk for the benchmarks (seed_scale).
"""

from projects.demo.openings import seed as seed_openings
from projects.demo.plans import ADA, GRACE, OVERLAPPING
from projects.demo.showcase import PLANS, seed

__all__ = ["ADA", "GRACE", "OVERLAPPING", "PLANS", "seed", "seed_openings"]
