"""Subjects register what a decision does from AppConfig.ready(): no model imports a
service (issue 10, item 5)."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from steering.models import Case, MembershipApplication
from steering.services.membership import membership_application_apply_decision
from steering.subjects import kind_of, register_subject, subject_kind


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def _model_modules() -> list[Path]:
    root = Path(settings.BASE_DIR)
    found = []
    for config in apps.get_app_configs():
        path = Path(config.path)
        if not path.is_relative_to(root) or ".venv" in path.parts:
            continue
        found += [path / "models.py"] if (path / "models.py").exists() else []
        found += sorted((path / "models").glob("*.py"))
    return found


def test_models_are_found():
    assert any(path.parts[-2:] == ("models", "membership.py") for path in _model_modules())


@pytest.mark.parametrize("path", _model_modules(), ids=lambda path: "/".join(path.parts[-3:]))
def test_no_model_imports_a_service(path):
    services = {name for name in _imports(path) if ".services" in name or name.endswith("services")}
    assert not services, f"{path} imports {services}"


def test_the_membership_kind_is_registered_with_its_decision():
    registered = subject_kind(Case.Kind.MEMBERSHIP)

    assert registered.model is MembershipApplication
    assert registered.apply_decision is membership_application_apply_decision
    assert kind_of(MembershipApplication()) == Case.Kind.MEMBERSHIP


def test_a_kind_is_registered_once():
    with pytest.raises(ValueError, match="registered twice"):
        register_subject(Case.Kind.MEMBERSHIP, Case, apply_decision=print)
