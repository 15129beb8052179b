"""axe-core accessibility checks for browser tests.

from tests.browser.axe import assert_accessible

page.goto("/events/")
assert_accessible(page)
"""

from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Page

BLOCKING_IMPACTS = frozenset({"serious", "critical"})

# page.evaluate runs in the page's main world but is not subject to its
# Content-Security-Policy, so axe can be injected without weakening the policy.
_RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations;
}"""


def accessibility_violations(page: Page) -> list[dict]:
    """Every axe-core violation of serious or critical impact on the page as it stands."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    violations = page.evaluate(_RUN_AXE)
    return [v for v in violations if v["impact"] in BLOCKING_IMPACTS]


def assert_accessible(page: Page) -> None:
    """Fail, listing each violation and the elements at fault, if axe finds a serious one."""
    violations = accessibility_violations(page)
    assert not violations, _report(page.url, violations)


def _report(url: str, violations: list[dict]) -> str:
    lines = [f"{len(violations)} serious or critical accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}")
            if node.get("failureSummary"):
                summary = node["failureSummary"].replace("\n", " ").strip()
                lines.append(f"       {summary}")
    return "\n".join(lines)
