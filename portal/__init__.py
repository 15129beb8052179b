"""The composition root: the one place that puts the apps together.

The URLconf and the API router, the admin site, the home page and its navigation, the
context processor and `seed_demo` live here because each of them reads several apps. It
imports apps; nothing imports it (the import contract in pyproject.toml enforces both).
"""
