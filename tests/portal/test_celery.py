"""Celery without a broker: tasks run in-process, quietly."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_task_run_without_a_broker_logs_no_kombu_warning():
    env = {k: v for k, v in os.environ.items() if k != "CELERY_BROKER_URL"} | {"DEBUG": "true"}
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from tpc_portal.tasks import heartbeat; heartbeat.delay()",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert "portal heartbeat" in result.stderr  # the task ran, in-process
    assert "kombu" not in result.stderr
    assert "No hostname was supplied" not in result.stderr
