"""The API docs page (Swagger UI) loads under the content-security policy."""

from playwright.sync_api import Page, expect


def test_the_api_docs_load_with_no_content_security_policy_violation(page: Page, checkpoint):
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e =>"
        " console.error('Content Security Policy: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )

    page.goto("/api/v1/docs/")

    expect(page.get_by_role("heading", name="TPC Portal API")).to_be_visible()
    expect(page.get_by_text("/api/v1/institutions/").first).to_be_visible()
    assert violations == []
    checkpoint("api-docs")
