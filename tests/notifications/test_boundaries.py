"""notifications knows people only as users: it imports no other app of the portal."""

import ast
from pathlib import Path

import notifications

APPS = {"members", "steering", "workinggroups", "projects", "events", "portal"}
# Until the second-factor guard is in the base (issue 10, item 3).
KNOWN = {("notifications/views.py", "members.permissions")}


def _imports(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules.add(node.module)
    return modules


def test_notifications_imports_no_other_app():
    package = Path(notifications.__file__).parent
    root = package.parent
    found = {
        (str(path.relative_to(root)), module)
        for path in package.rglob("*.py")
        if "migrations" not in path.parts
        for module in _imports(path)
        if module.split(".")[0] in APPS
    }
    assert found <= KNOWN, sorted(found - KNOWN)


def test_the_demo_fills_only_the_inboxes_of_the_people_it_is_given(db):
    from notifications import demo
    from notifications.models import Notification
    from tests.factories import UserFactory

    given, other = UserFactory(), UserFactory()

    lines = list(demo.seed([given]))

    assert len(lines) == 1
    assert Notification.objects.filter(recipient=given).count() == len(demo.DEMO_NOTICES)
    assert not Notification.objects.filter(recipient=other).exists()
    assert list(demo.seed([given])) == []  # idempotent
