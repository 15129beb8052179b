"""Every change to machine time is in the audit trail, read as a sentence."""

from datetime import date
from decimal import Decimal

import pytest

from projects.services.allocations import (
    allocation_request_submit,
    allocation_resume,
    allocation_suspend,
)
from tests.allocations.helpers import committee, decide, frozen, two_periods
from tests.factories import AllocationFactory, ProjectFactory, ResourceFactory, UserFactory
from tpc_portal.audit import audit_of, audit_sentence

pytestmark = pytest.mark.django_db


def _sentence(subject) -> str:
    return " ".join(str(audit_sentence(audit_of(subject).last())).split())


def test_a_request_and_its_grant_read_as_sentences():
    first, _second = two_periods()
    project = ProjectFactory(title="Tokamak model")
    resource = ResourceFactory(name="Polaris", site__name="ALCF")
    with frozen(2026, 11, 15):
        request = allocation_request_submit(
            actor=project.created_by,
            project=project,
            kind="new",
            resource=resource,
            period=first,
            amount=5000,
            justification="Training.",
        )
        decide(committee(), request.cases.get(), terms={"granted": Decimal(3000)})

    pi = str(project.created_by)
    assert _sentence(request) == (
        f"{pi} asked the committee for machine time for Tokamak model on ALCF Polaris "
        "(new allocation): 5,000 GPU-hours."
    )
    allocation = project.allocations.get()
    assert _sentence(allocation) == (
        "The committee's decision granted Tokamak model 3,000 GPU-hours on ALCF Polaris for "
        "2027-H1 (5,000 asked)."
    )


def test_an_extension_reads_with_its_dates():
    first, _second = two_periods()
    allocation = AllocationFactory(
        period=first, resource__name="Polaris", resource__site__name="ALCF"
    )
    with frozen(2027, 5, 1):
        request = allocation_request_submit(
            actor=allocation.project.created_by,
            project=allocation.project,
            kind="extension",
            allocation=allocation,
            new_end=date(2027, 9, 30),
            justification="Downtime.",
        )
        decide(committee(), request.cases.get())

    assert _sentence(request).endswith("(extension), until 30 Sep 2027.")
    assert _sentence(allocation).endswith("on ALCF Polaris from 30 Jun 2027 to 30 Sep 2027.")


def test_suspend_and_resume_read_with_who_and_why():
    allocation = AllocationFactory(resource__name="Polaris", resource__site__name="ALCF")
    staff = UserFactory(is_staff=True, full_name="Sam Secretariat")

    allocation_suspend(allocation=allocation, actor=staff, reason="Mining cryptocurrency.")
    assert _sentence(allocation) == (
        f"Sam Secretariat suspended the allocation of {allocation.project.title} on ALCF "
        "Polaris. Reason: Mining cryptocurrency."
    )
    with frozen(2027, 3, 1):
        allocation_resume(allocation=allocation, actor=staff)
    assert _sentence(allocation).endswith("on ALCF Polaris; it is active again.")
