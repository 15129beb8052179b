"""The pages of machine time: sites, a project's allocations with their chart and forecast,
the request form, the ledger as CSV, and staff's suspend and resume."""

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from projects.models import Allocation, AllocationRequest, UsageRecord
from tests.allocations.helpers import frozen, two_periods
from tests.factories import (
    AllocationFactory,
    ProjectFactory,
    ResourceFactory,
    SiteFactory,
    UserFactory,
)
from tests.steering.factories import give_totp

pytestmark = pytest.mark.django_db


def _use(allocation, day: date, amount, *, record_id=None, site_user="alice", kind="usage"):
    """A ledger line as the site reported it (the ledger's own service is not tested here)."""
    record = UsageRecord.objects.create(
        site=allocation.resource.site,
        allocation=allocation,
        record_id=record_id or f"r-{allocation.pk}-{day.isoformat()}-{amount}",
        kind=kind,
        period_start=datetime(day.year, day.month, day.day, 0, tzinfo=UTC),
        period_end=datetime(day.year, day.month, day.day, 23, tzinfo=UTC),
        amount=Decimal(amount),
        site_user=site_user,
    )
    Allocation.objects.filter(pk=allocation.pk).update(used=allocation.used + Decimal(amount))
    allocation.refresh_from_db()
    return record


def _page(client, user, project):
    client.force_login(user)
    return client.get(reverse("projects:project_allocations", args=[project.slug]))


# --- Sites ------------------------------------------------------------------------------------


def test_the_site_list_shows_each_site_and_its_host(client):
    resource = ResourceFactory(site=SiteFactory(name="Aurora Facility"))

    page = client.get(reverse("projects:sites")).content.decode()

    assert "Aurora Facility" in page
    assert resource.site.host_institution.name in page


def test_a_site_page_shows_granted_against_capacity_per_period_in_total_only(client):
    first, _second = two_periods()
    resource = ResourceFactory(capacity=1000, name="Polaris")
    secret = ProjectFactory(title="A project only its team sees")
    AllocationFactory(project=secret, resource=resource, period=first, granted=700)
    AllocationFactory(resource=resource, period=first, granted=500)

    with frozen(2027, 3, 1):
        page = client.get(reverse("projects:site", args=[resource.site.slug])).content.decode()

    assert "Polaris" in page
    assert "2027-H1" in page
    assert "2027-H2" in page  # not ended yet: shown with nothing granted
    assert "1,200 of 1,000" in page
    assert "<mark>120.0 %</mark>" in page
    assert "0 of 1,000" in page
    assert "A project only its team sees" not in page


def test_an_unknown_site_is_a_404(client):
    assert client.get(reverse("projects:site", args=["nowhere"])).status_code == 404


def test_staff_find_the_way_to_a_sites_keys_on_its_page_others_do_not(client):
    site = SiteFactory(name="Aurora Facility")
    keys = reverse("projects:site_keys", args=[site.slug])
    page = reverse("projects:site", args=[site.slug])

    assert keys not in client.get(page).content.decode()
    client.force_login(UserFactory())
    assert keys not in client.get(page).content.decode()
    client.force_login(give_totp(UserFactory(is_staff=True)))
    assert f'<a href="{keys}">API keys of Aurora Facility</a>' in client.get(page).content.decode()


# --- A project's allocations ------------------------------------------------------------------


def test_the_project_page_shows_each_allocation_with_its_chart_and_numbers(client):
    first, _second = two_periods()
    allocation = AllocationFactory(period=first, granted=1000)
    _use(allocation, date(2027, 1, 10), 100)
    _use(allocation, date(2027, 1, 11), 50)

    with frozen(2027, 1, 20):
        page = _page(client, allocation.project.created_by, allocation.project).content.decode()

    assert allocation.resource.name in page
    assert '<svg viewBox="0 0 640 240" role="img"' in page
    assert f'aria-labelledby="chart-{allocation.pk}-title chart-{allocation.pk}-desc"' in page
    assert "<title id=" in page
    assert "Cumulative use, 150 of 1,000 GPU-hours granted" in page
    assert 'class="chart-used"' in page
    # The same numbers as a table.
    assert "<td>10 Jan 2027</td><td>100</td><td>100</td>" in page
    assert "<td>11 Jan 2027</td><td>50</td><td>150</td>" in page


def test_the_chart_without_usage_says_so_and_draws_no_line(client):
    first, _second = two_periods()
    allocation = AllocationFactory(period=first)

    with frozen(2027, 1, 20):
        page = _page(client, allocation.project.created_by, allocation.project).content.decode()

    assert "No use reported yet of the 1,000 GPU-hours granted" in page
    assert 'class="chart-used"' not in page
    assert "The site has reported no use yet." in page


def test_the_forecast_says_when_it_runs_out_before_its_end(client):
    first, _second = two_periods()
    allocation = AllocationFactory(period=first, granted=1000)
    for day in range(1, 15):  # 14 days at 20 a day: 280 used
        _use(allocation, date(2027, 2, day), 20)

    with frozen(2027, 2, 14):
        page = _page(client, allocation.project.created_by, allocation.project).content.decode()

    # 720 left at 20 a day: 36 days, 22 March; the end is 30 June, 100 days later.
    assert "At this rate, runs out on 22 Mar 2027, 100 days before its end date." in page
    assert "?kind=supplement&amp;allocation=" in page


def test_the_forecast_of_a_slow_allocation_says_what_is_left_at_the_end(client):
    first, _second = two_periods()
    allocation = AllocationFactory(period=first, granted=1000)
    _use(allocation, date(2027, 6, 1), 14)

    with frozen(2027, 6, 10):
        page = _page(client, allocation.project.created_by, allocation.project).content.decode()

    # 986 left at 1 a day for the 20 days to the end.
    assert "At this rate, it lasts until its end date, with about 966 GPU-hours unused." in page


def test_the_requests_before_the_committee_are_listed_with_their_status(client):
    first, _second = two_periods()
    project = ProjectFactory()
    with frozen(2026, 11, 15):
        client.force_login(project.created_by)
        client.post(
            reverse("projects:allocation_request_new", args=[project.slug]),
            {
                "kind": "new",
                "resource": ResourceFactory().pk,
                "period": first.pk,
                "amount": "2500",
                "justification": "Training.",
            },
        )
        page = _page(client, project.created_by, project).content.decode()

    assert "New allocation" in page
    assert "2,500 GPU-hours" in page
    assert "Submitted" in page


def test_filters_narrow_the_allocations(client):
    first, _second = two_periods()
    allocation = AllocationFactory(period=first)
    AllocationFactory(project=allocation.project, status=Allocation.Status.SUSPENDED)

    with frozen(2027, 3, 1):
        client.force_login(allocation.project.created_by)
        response = client.get(
            reverse("projects:project_allocations", args=[allocation.project.slug]),
            {"status": "suspended"},
        )

    assert [item.allocation.status for item in response.context["items"]] == ["suspended"]


# --- The request form -------------------------------------------------------------------------


def test_the_request_form_marks_each_field_with_its_kinds(client):
    project = ProjectFactory()
    client.force_login(project.created_by)

    page = client.get(reverse("projects:allocation_request_new", args=[project.slug]))

    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-kinds="extension"' in html  # the new end date
    assert 'data-kinds="supplement extension renewal"' in html  # the allocation
    assert "projects/allocation_request.js" in html


def test_a_valid_request_goes_to_the_committee(client):
    first, _second = two_periods()
    project, resource = ProjectFactory(), ResourceFactory()

    with frozen(2026, 11, 15):
        client.force_login(project.created_by)
        response = client.post(
            reverse("projects:allocation_request_new", args=[project.slug]),
            {
                "kind": "new",
                "resource": resource.pk,
                "period": first.pk,
                "amount": "1000",
                "justification": "Training.",
            },
        )

    assert response.status_code == 302
    request = AllocationRequest.objects.get(project=project)
    assert request.cases.get().kind == "allocation"


def test_a_refused_request_comes_back_with_the_reason_beside_the_field(client):
    first, _second = two_periods()
    allocation = AllocationFactory(period=first)

    with frozen(2027, 5, 1):
        client.force_login(allocation.project.created_by)
        response = client.post(
            reverse("projects:allocation_request_new", args=[allocation.project.slug]),
            {
                "kind": "extension",
                "allocation": allocation.pk,
                "new_end": "2028-01-15",
                "justification": "More time.",
            },
        )

    assert response.status_code == 400
    assert "at most 6 months" in response.context["form"].errors["new_end"][0]
    assert 'role="alert"' in response.content.decode()
    assert not AllocationRequest.objects.exists()


# --- The ledger as CSV ------------------------------------------------------------------------


def _csv(client, user, allocation):
    client.force_login(user)
    response = client.get(
        reverse("projects:allocation_ledger_csv", args=[allocation.project.slug, allocation.pk])
    )
    body = b"".join(response.streaming_content).decode("utf-8")
    return response, list(csv.reader(io.StringIO(body)))


def test_the_ledger_is_utf8_csv_with_times_in_utc(client):
    first, _second = two_periods()
    allocation = AllocationFactory(period=first)
    _use(allocation, date(2027, 1, 10), "12.5", record_id="job-1", site_user="Zoë Łukasz")

    response, rows = _csv(client, allocation.project.created_by, allocation)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert rows[0][:4] == ["Record id", "Kind", "From (UTC)", "To (UTC)"]
    assert rows[1] == [
        "job-1",
        "usage",
        "2027-01-10T00:00:00+00:00",
        "2027-01-10T23:00:00+00:00",
        "12.500",
        "gpu_hours",
        "Zoë Łukasz",
        "",
        rows[1][8],
    ]
    assert rows[1][8].endswith("+00:00")


@pytest.mark.parametrize(
    "malicious",
    ['=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)"],
)
def test_a_cell_a_spreadsheet_would_run_is_escaped(client, malicious):
    first, _second = two_periods()
    allocation = AllocationFactory(period=first)
    _use(allocation, date(2027, 1, 10), 1, record_id=malicious, site_user=malicious)

    _response, rows = _csv(client, allocation.project.created_by, allocation)

    assert rows[1][0] == "'" + malicious
    assert rows[1][6] == "'" + malicious


def test_a_credit_keeps_its_sign_as_a_number(client):
    first, _second = two_periods()
    allocation = AllocationFactory(period=first)
    original = _use(allocation, date(2027, 1, 10), 10, record_id="job-1")
    credit = _use(allocation, date(2027, 1, 11), -4, record_id="job-1-credit", kind="credit")
    UsageRecord.objects.filter(pk=credit.pk).update(adjusts=original)

    _response, rows = _csv(client, allocation.project.created_by, allocation)

    assert rows[2][4] == "-4.000"
    assert rows[2][7] == "job-1"


# --- Staff: suspend and resume ----------------------------------------------------------------


def test_staff_suspend_and_resume_an_allocation(client):
    first, _second = two_periods()
    allocation = AllocationFactory(period=first)
    staff = give_totp(UserFactory(is_staff=True))
    slug = allocation.project.slug

    with frozen(2027, 3, 1):
        client.force_login(staff)
        page = client.get(reverse("projects:project_allocations", args=[slug])).content.decode()
        assert f'id="id_suspend_{allocation.pk}_reason"' in page
        client.post(
            reverse("projects:allocation_suspend", args=[slug, allocation.pk]),
            {"reason": "Jobs outside the project's scope."},
        )
        allocation.refresh_from_db()
        assert allocation.status == Allocation.Status.SUSPENDED

        client.post(reverse("projects:allocation_resume", args=[slug, allocation.pk]))
        allocation.refresh_from_db()
        assert allocation.status == Allocation.Status.ACTIVE


def test_resuming_after_the_end_date_makes_it_expired(client):
    first, _second = two_periods()
    allocation = AllocationFactory(period=first, status=Allocation.Status.SUSPENDED)

    with frozen(2027, 7, 5):
        client.force_login(give_totp(UserFactory(is_staff=True)))
        client.post(
            reverse("projects:allocation_resume", args=[allocation.project.slug, allocation.pk])
        )

    allocation.refresh_from_db()
    assert allocation.status == Allocation.Status.EXPIRED


def test_the_team_sees_no_staff_controls(client):
    allocation = AllocationFactory()

    page = _page(client, allocation.project.created_by, allocation.project).content.decode()

    assert "Suspend the allocation" not in page


def test_bad_filters_redraw_the_page_with_their_errors(client):
    allocation = AllocationFactory()
    client.force_login(allocation.project.created_by)

    response = client.get(
        reverse("projects:project_allocations", args=[allocation.project.slug]),
        {"active_on": "someday", "site": "nowhere", "page": "x"},
    )

    assert response.status_code == 200
    assert set(response.context["filter"].form.errors) == {"active_on", "site"}
