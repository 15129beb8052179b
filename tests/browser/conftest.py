"""Browser tests: Playwright driving Debian's Chromium against the live server.

One browser per session (starting Chromium is the slow part), a fresh context and page per
test so that no cookie or storage leaks from one journey into the next.
"""

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from tests.browser.axe import assert_accessible

# Playwright's sync API runs an event loop in this thread; Django would refuse the ORM
# calls the tests make (reading what a journey saved) from under it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

BROWSER_DIR = Path(__file__).parent
CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 800}
# Long enough for a slow CI machine, short enough that a wrong locator fails fast.
TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(config, items):
    skip = pytest.mark.skip(
        reason="browser tests need Debian's Chromium: `chromium` is not on PATH"
    )
    for item in items:
        if BROWSER_DIR in item.path.parents:
            item.add_marker(pytest.mark.browser)
            if CHROMIUM is None:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    """A new page in a fresh context, its relative URLs resolved against the live server."""
    context = browser.new_context(viewport=VIEWPORT, base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    new_page = context.new_page()
    yield new_page
    context.close()


@pytest.fixture
def open_as(browser: Browser, live_server) -> Iterator[Callable[..., Page]]:
    """Opens a page in a fresh context where `user` is signed in (a session cookie), or a
    visitor's when `user` is None; at `viewport`, the desktop's unless said."""
    contexts = []

    def _open(user, viewport: dict[str, int] = VIEWPORT) -> Page:
        context = browser.new_context(viewport=viewport, base_url=live_server.url)
        context.set_default_timeout(TIMEOUT_MS)
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies["sessionid"].value
            context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])
        contexts.append(context)
        return context.new_page()

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture
def checkpoint(page: Page) -> Callable[[str], None]:
    """Check the page as it stands: no serious accessibility violation.

    With BROWSER_SCREENSHOTS=<dir> set, also save it as <dir>/browser-<name>.png for a
    person to look at.
    """
    screenshots = os.environ.get("BROWSER_SCREENSHOTS")

    def check(name: str) -> None:
        assert_accessible(page)
        if screenshots:
            page.screenshot(path=Path(screenshots) / f"browser-{name}.png", full_page=True)

    return check
