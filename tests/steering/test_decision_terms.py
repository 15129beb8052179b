"""A decision may carry terms beyond its outcome (an allocation granted in part): a kind
registers a form for them, the chair fills it in with the decision, the cleaned data is kept
on the Decision and handed to the subject's apply_decision(). Kinds without terms (the
membership cases) decide as before."""

import dataclasses
from datetime import timedelta
from decimal import Decimal

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

from steering import services, subjects
from steering.models import Case, Decision
from steering.services.membership import membership_application_apply_decision
from tests.steering.factories import CaseFactory
from tpc_portal.errors import ApplicationError

pytestmark = pytest.mark.django_db


class GrantTerms(forms.Form):
    amount = forms.DecimalField(label="Amount granted", required=False, min_value=1)

    def __init__(self, *args, subject=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.subject = subject


@pytest.fixture
def applied():
    """What apply_decision() was handed, decision by decision."""
    return []


@pytest.fixture
def with_terms(monkeypatch, applied):
    """The membership kind, for this test, with terms on its decisions."""

    def apply(subject, decision):
        applied.append(decision.terms)
        membership_application_apply_decision(subject, decision)

    registered = subjects.subject_kind(Case.Kind.MEMBERSHIP)
    monkeypatch.setitem(
        subjects._KINDS,
        Case.Kind.MEMBERSHIP,
        dataclasses.replace(registered, apply_decision=apply, decision_terms=GrantTerms),
    )


def _voted(committee):
    case = CaseFactory(status=Case.Status.IN_REVIEW)
    chair = committee.chair.representative
    ballot = services.ballot_open(
        case=case, actor=chair, closes_at=timezone.now() + timedelta(days=7)
    )
    for seat in committee.seats:
        services.vote_cast(ballot=ballot, actor=seat.representative, choice="reject")
    return case, chair


def test_a_kind_without_terms_decides_as_before(committee):
    case, chair = _voted(committee)

    decision = services.decision_record(
        case=case, actor=chair, outcome="rejected", rationale="Not yet."
    )

    assert Decision.objects.get(pk=decision.pk).terms == {}


def test_a_kind_without_terms_refuses_terms(committee):
    case, chair = _voted(committee)

    with pytest.raises(ApplicationError, match="no terms"):
        services.decision_record(
            case=case, actor=chair, outcome="rejected", rationale="Not yet.", terms={"x": 1}
        )


def test_the_terms_are_kept_on_the_decision_and_handed_to_apply_decision(
    committee, with_terms, applied
):
    case, chair = _voted(committee)

    decision = services.decision_record(
        case=case,
        actor=chair,
        outcome="rejected",
        rationale="Not yet.",
        terms={"amount": Decimal("250.5")},
    )

    assert applied == [{"amount": "250.5"}]
    assert Decision.objects.get(pk=decision.pk).terms == {"amount": "250.5"}


def test_terms_the_form_refuses_refuse_the_decision_and_save_nothing(committee, with_terms):
    case, chair = _voted(committee)

    with pytest.raises(ApplicationError) as refused:
        services.decision_record(
            case=case, actor=chair, outcome="rejected", rationale="Not yet.", terms={"amount": 0}
        )

    assert "amount" in refused.value.errors
    assert not Decision.objects.filter(case=case).exists()
    assert Case.objects.get(pk=case.pk).status == Case.Status.IN_REVIEW


def test_the_chairs_decision_page_shows_the_terms_and_records_them(
    client, committee, with_terms, applied
):
    case, chair = _voted(committee)
    client.force_login(chair)
    url = reverse("steering:decision", args=[case.pk])

    page = client.get(url).content.decode()
    assert "What the decision grants" in page
    assert 'name="terms-amount"' in page

    response = client.post(
        url, {"outcome": "rejected", "rationale": "Not yet.", "terms-amount": "40"}
    )

    assert response.status_code == 302
    assert applied == [{"amount": "40"}]


def test_bad_terms_on_the_page_redraw_it_with_the_error(client, committee, with_terms):
    case, chair = _voted(committee)
    client.force_login(chair)

    response = client.post(
        reverse("steering:decision", args=[case.pk]),
        {"outcome": "rejected", "rationale": "Not yet.", "terms-amount": "-3"},
    )

    assert response.status_code == 400
    assert not Decision.objects.filter(case=case).exists()


def test_the_membership_decision_page_has_no_terms(client, committee):
    case, chair = _voted(committee)
    client.force_login(chair)

    page = client.get(reverse("steering:decision", args=[case.pk])).content.decode()

    assert "What the decision grants" not in page
