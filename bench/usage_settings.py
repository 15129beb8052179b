"""Settings of the portal under bench_usage: the real ones, plus the baseline routes."""

from bench.directory_settings import *  # noqa: F403

ROOT_URLCONF = "bench.usage_urls"
