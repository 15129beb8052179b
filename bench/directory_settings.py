"""Settings of the portal under bench_directory: the real ones, plus one baseline route."""

from tpc_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.directory_urls"
