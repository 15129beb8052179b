"""One pagination include (templates/includes/pagination.html) on every paginated page, its
links built by Django's {% querystring %}, never by hand."""

import re
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.urls import reverse

from members.models import User
from notifications.models import EmailState, Notification

ROOT = Path(settings.BASE_DIR)
# A page number or a saved query string pasted into a link: what {% querystring %} replaces.
HAND_BUILT = re.compile(r"page=\{\{|\{\{ *query_string|&amp;page=|\?page=")


def _templates() -> list[Path]:
    return sorted(
        path
        for path in ROOT.glob("**/templates/**/*.html")
        if not {".venv", "var", "node_modules"} & set(path.relative_to(ROOT).parts)
    )


def test_no_template_builds_a_page_link_by_hand():
    hand_built = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in _templates()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if HAND_BUILT.search(line)
    ]
    assert len(_templates()) > 20  # the sweep found the templates
    assert hand_built == []


def test_only_the_include_draws_a_pagination_bar():
    drawn = [
        str(path.relative_to(ROOT))
        for path in _templates()
        if 'class="pagination"' in path.read_text(encoding="utf-8")
    ]
    assert drawn == ["templates/includes/pagination.html"]


def test_the_include_keeps_every_other_parameter_and_replaces_the_page(rf):
    request = rf.get("/directory/", {"q": "ada", "page": "2", "country": ["DE", "FR"]})
    page = Paginator(range(30), 10).get_page(2)

    html = render_to_string("includes/pagination.html", {"page": page}, request=request)

    assert 'href="?q=ada&amp;page=1&amp;country=DE&amp;country=FR" rel="prev">Previous<' in html
    assert 'href="?q=ada&amp;page=3&amp;country=DE&amp;country=FR" rel="next">Next<' in html
    assert "Page 2 of 3" in html


def test_the_include_draws_nothing_for_a_single_page(rf):
    page = Paginator(range(3), 10).get_page(1)

    html = render_to_string("includes/pagination.html", {"page": page}, request=rf.get("/"))

    assert html.strip() == ""


def _notices(recipient: User, count: int, **fields) -> None:
    Notification.objects.bulk_create(
        Notification(recipient=recipient, kind="announcement", title=f"Notice {i}", **fields)
        for i in range(count)
    )


@pytest.mark.django_db
def test_the_inbox_pages_through_unread_notices_newer_and_older(member_client, user):
    _notices(user, 30)

    html = member_client.get(reverse("notifications:inbox"), {"unread": "true"}).content.decode()

    assert 'href="?unread=true&amp;page=2" rel="next">Older<' in html
    html = member_client.get(
        reverse("notifications:inbox"), {"unread": "true", "page": "2"}
    ).content.decode()
    assert 'href="?unread=true&amp;page=1" rel="prev">Newer<' in html


@pytest.mark.django_db
def test_the_delivery_page_pages_through_failed_emails(client, staff):
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(staff)
    _notices(staff, 60, email_state=EmailState.FAILED)

    html = client.get(reverse("notifications:delivery")).content.decode()

    assert 'href="?page=2" rel="next">Older<' in html
    assert "Page 1 of 2" in html


@pytest.mark.django_db
def test_the_directory_keeps_its_filters_from_page_to_page(client):
    from tests.factories import ProfileFactory

    ProfileFactory.create_batch(30, visibility="public", career_stage="postdoc")

    html = client.get(reverse("members:researchers"), {"career_stage": "postdoc"}).content.decode()

    assert 'href="?career_stage=postdoc&amp;page=2" rel="next">Next<' in html
