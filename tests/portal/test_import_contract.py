"""The import contract (pyproject.toml, [tool.importlinter]) holds for the code, and breaks
when an arrow points the wrong way.

Each wrong arrow is written into a copy of the packages, so that the real contract is
checked against the real import graph plus that one import.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
PACKAGES = [
    "tpc_portal",
    "notifications",
    "members",
    "steering",
    "workinggroups",
    "projects",
    "events",
    "portal",
]


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache"], cwd=root, capture_output=True, text=True, check=False
    )


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """The Python packages and the contract, without data files (locale, templates)."""
    for package in PACKAGES:
        shutil.copytree(
            settings.BASE_DIR / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("__pycache__", "locale", "templates", "static"),
        )
    shutil.copy(settings.BASE_DIR / "pyproject.toml", tmp_path)
    return tmp_path


def test_the_code_keeps_every_import_contract():
    result = lint_imports(settings.BASE_DIR)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "wrong_import", "broken_contract"),
    [
        ("tpc_portal/wrong.py", "import members.models", "tpc_portal (the base) imports no app"),
        ("tpc_portal/wrong.py", "import portal.home", "Layers"),
        ("notifications/wrong.py", "import steering.models", "notifications imports no other app"),
        ("members/wrong.py", "import steering.selectors", "members imports only notifications"),
        ("steering/wrong.py", "import workinggroups.urls", "steering imports no domain app"),
        ("steering/wrong.py", "import portal.urls", "Layers"),
        (
            "events/wrong.py",
            "import workinggroups.urls",
            "workinggroups, projects and events use each other only through selectors",
        ),
        ("steering/wrong.py", "import members.views", "No app imports the views or API of members"),
        (
            "members/wrong.py",
            "import notifications.api",
            "No app imports the views or API of notifications",
        ),
        ("members/models/wrong.py", "import members.services", "No import circle"),
    ],
)
def test_an_arrow_pointing_the_wrong_way_breaks_the_contract(
    project_copy, module, wrong_import, broken_contract
):
    (project_copy / module).write_text(f"{wrong_import}\n")

    result = lint_imports(project_copy)

    assert result.returncode == 1, result.stdout
    # e.g. "steering imports no domain app BROKEN", with "(n ignored imports)" after it.
    broken = [line for line in result.stdout.splitlines() if " BROKEN" in line]
    assert any(line.startswith(broken_contract) for line in broken), result.stdout


def test_a_domain_app_may_read_another_through_its_selectors(project_copy):
    (project_copy / "workinggroups" / "selectors.py").write_text("")
    (project_copy / "events" / "selectors.py").write_text("import workinggroups.selectors\n")

    result = lint_imports(project_copy)

    assert result.returncode == 0, result.stdout
