"""On a phone (390 by 844 px) no page is wider than the screen, the header is one row, and the
menu and the directory's filters fold away; on a desktop (1280 px) the header is one row.

Every page a visitor, a member and the committee's chair can reach is found by following
the links of the pages themselves from the home page (a crawl, not a list to keep up).
"""

import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from playwright.sync_api import Browser, Page, expect

from members.models import ExpertiseArea, Profile
from notifications.models import Notification
from steering.models import Seat
from tests.browser.axe import assert_accessible
from tests.factories import InstitutionFactory, ProfileFactory
from tests.steering.factories import CaseFactory, SeatFactory

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
# Links not to follow: other systems (admin, API, language switch) and ways out.
SKIP = re.compile(r"^/(admin|api|i18n|static|media|healthz)\b|^/accounts/logout/")
MAX_PAGES = 60


@pytest.fixture
def people(transactional_db):
    # Browser tests flush the database between tests, taking the migrations' taxonomy too.
    ExpertiseArea.objects.get_or_create(
        slug="evaluation", defaults={"name": "Evaluation", "group": "methods"}
    )
    lab = InstitutionFactory(name="Phone National Laboratory with a Rather Long Name")
    member = ProfileFactory(
        institution=lab,
        user__full_name="Maximiliane Amalia Wolkenstein-Trostburg",
        title="Principal investigator for exceptionally-long-hyphenated-interdisciplinary work",
    ).user
    ProfileFactory(
        institution=lab,
        user__full_name="Bruno Public",
        visibility=Profile.Visibility.PUBLIC,
        expertise=["evaluation"],
    )
    Notification.objects.create(
        recipient=member, kind="announcement", title="A notice with a link", link="/events/"
    )
    chair = SeatFactory(role=Seat.Role.CHAIR, institution__name="Chair University").representative
    CaseFactory(submitter=member)
    return {"member": member, "chair": chair}


def _context(browser: Browser, live_server, viewport, user=None):
    context = browser.new_context(viewport=viewport, base_url=live_server.url)
    context.set_default_timeout(10_000)
    if user is not None:
        client = Client()
        client.force_login(user)
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
    return context


def _reachable(page: Page, live_server) -> list[str]:
    """The paths reachable from the home page by following links, one per route shape."""
    host = urlsplit(live_server.url).netloc
    seen_shapes: set[str] = set()
    queue, visited = deque(["/"]), []
    while queue and len(visited) < MAX_PAGES:
        path = queue.popleft()
        shape = re.sub(r"/\d+/", "/<id>/", path)
        if shape in seen_shapes:
            continue
        seen_shapes.add(shape)
        response = page.goto(path)
        if response is None or response.status >= 400 or urlsplit(page.url).netloc != host:
            continue
        visited.append(urlsplit(page.url).path)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            url = urlsplit(urljoin(page.url, href))
            if url.netloc == host and not SKIP.match(url.path):
                queue.append(url.path)
    return visited


def _overflow(page: Page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def _header_is_one_row(page: Page) -> bool:
    """The brand and the last item of the header's row share one line."""
    return page.evaluate(
        """() => {
          const row = document.querySelector('.header-row');
          const items = Array.from(row.children).filter(el => el.offsetParent !== null);
          const tops = items.map(el => el.getBoundingClientRect());
          const first = tops[0];
          return tops.every(r => r.top < first.bottom && r.bottom > first.top);
        }"""
    )


@pytest.mark.parametrize("who", ["visitor", "member", "chair"])
def test_no_page_is_wider_than_a_phone(browser, live_server, people, who):
    context = _context(browser, live_server, PHONE, people.get(who))
    page = context.new_page()
    try:
        paths = _reachable(page, live_server)
        assert len(paths) >= 5, paths
        wide = []
        for path in paths:
            page.goto(path)
            if _overflow(page) > 0:
                wide.append(f"{path}: {_overflow(page)} px too wide")
            if not _header_is_one_row(page):
                wide.append(f"{path}: the header takes more than one row")
        assert not wide, "\n".join(wide)
    finally:
        context.close()


def test_the_phone_menu_folds_and_opens(browser, live_server, people):
    context = _context(browser, live_server, PHONE, people["member"])
    page = context.new_page()
    try:
        page.goto("/directory/researchers/")
        menu = page.get_by_role("button", name="Menu")
        main_nav = page.get_by_role("navigation", name="Main")
        expect(main_nav).to_be_hidden()
        expect(menu).to_have_attribute("aria-expanded", "false")

        menu.click()
        expect(menu).to_have_attribute("aria-expanded", "true")
        expect(main_nav.get_by_role("link", name="Directory")).to_have_attribute(
            "aria-current", "page"
        )
        assert _overflow(page) == 0
        assert_accessible(page)
        page.keyboard.press("Escape")
        expect(main_nav).to_be_hidden()

        # The filters fold into a disclosure above the results.
        filters = page.get_by_role("search", name="Filter researchers")
        expect(filters).to_be_hidden()
        page.get_by_text("Filters", exact=True).click()
        expect(filters).to_be_visible()
        box_filters = filters.bounding_box()
        box_results = page.get_by_role("region", name="Results").bounding_box()
        assert box_filters["y"] < box_results["y"]
        assert_accessible(page)
    finally:
        context.close()


def test_the_desktop_header_is_one_row_with_the_persons_name(browser, live_server, people):
    for user in (None, people["member"], people["chair"]):
        context = _context(browser, live_server, DESKTOP, user)
        page = context.new_page()
        try:
            page.goto("/directory/institutions/")
            expect(page.get_by_role("button", name="Menu")).to_be_hidden()
            expect(page.get_by_role("form", name="Filter institutions")).to_be_visible()
            assert _header_is_one_row(page)
            if user is not None:
                banner = page.get_by_role("banner")
                expect(banner.get_by_text(user.full_name)).to_be_visible()
                expect(banner.get_by_role("button", name="Sign out")).to_be_visible()
                banner.get_by_text(user.full_name).click()
                expect(banner.get_by_role("link", name="Settings")).to_be_visible()
                assert _overflow(page) == 0
                assert_accessible(page)
                expect(banner.get_by_text(user.email)).to_have_count(0)
        finally:
            context.close()
