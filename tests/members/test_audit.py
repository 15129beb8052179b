"""members' services write the portal's audit trail: affiliation decisions, institution
status, the institution's representative; each entry reads as a sentence in the reader's
language (issue 10, item 7)."""

import pytest
from django.utils import translation

from members import audit, services
from members.models import Institution
from tests.factories import InstitutionFactory, ProfileFactory
from tpc_portal.audit import audit_of, audit_sentence

pytestmark = pytest.mark.django_db


def _sentence(entry, language: str = "en") -> str:
    with translation.override(language):
        return " ".join(audit_sentence(entry).split())


@pytest.fixture
def pending(unaffiliated, lab, representative):
    return services.affiliation_request(
        profile=unaffiliated, institution=lab, actor=unaffiliated.user
    )


def test_confirming_an_affiliation_is_audited(pending, representative):
    services.affiliation_request_confirm(request=pending, actor=representative)

    entry = audit_of(pending).get()
    assert entry.verb == audit.AFFILIATION_CONFIRMED.key
    assert entry.actor == representative
    assert (entry.before, entry.after) == ({"status": "pending"}, {"status": "confirmed"})
    assert _sentence(entry) == (
        "Rita Representative confirmed that Una Affiliated belongs to Argonne Demo Lab."
    )
    assert _sentence(entry, "ru") == (
        "Rita Representative: подтверждено, что Una Affiliated состоит в Argonne Demo Lab."
    )


def test_declining_an_affiliation_is_audited_without_the_reason(pending, representative):
    services.affiliation_request_decline(
        request=pending, actor=representative, reason="Not in our lab"
    )

    entry = audit_of(pending).get()
    assert entry.verb == audit.AFFILIATION_DECLINED.key
    assert "Not in our lab" not in str(entry.after) + str(entry.context)
    assert _sentence(entry) == (
        "Rita Representative declined the request of Una Affiliated to join Argonne Demo Lab."
    )
    assert _sentence(entry, "ru") == (
        "Rita Representative: отклонён запрос Una Affiliated о присоединении к Argonne Demo Lab."  # noqa: RUF001
    )


def test_an_institution_status_change_is_audited(staff):
    institution = InstitutionFactory(name="Lab of Tests", status=Institution.Status.MEMBER)

    services.institution_status_change(
        institution=institution, status=Institution.Status.SUSPENDED, actor=staff
    )

    entry = audit_of(institution).get()
    assert entry.verb == audit.INSTITUTION_STATUS_CHANGED.key
    assert (entry.before, entry.after) == ({"status": "member"}, {"status": "suspended"})
    assert _sentence(entry) == (
        f"{staff.full_name} changed the status of Lab of Tests from Member to Suspended."
    )
    assert _sentence(entry, "ru") == (
        f"{staff.full_name}: статус Lab of Tests изменён с «Участник» на «Приостановлено»."  # noqa: RUF001
    )


def test_a_status_change_by_the_system_names_the_portal():
    institution = InstitutionFactory(name="Lab of Tests", status=Institution.Status.APPLICANT)

    services.institution_status_change(
        institution=institution, status=Institution.Status.MEMBER, actor=None
    )

    entry = audit_of(institution).get()
    assert _sentence(entry).startswith("The portal changed the status of Lab of Tests")


def test_a_refused_status_change_leaves_no_entry(staff):
    institution = InstitutionFactory(status=Institution.Status.WITHDRAWN)

    with pytest.raises(Exception, match="cannot go from"):
        services.institution_status_change(
            institution=institution, status=Institution.Status.MEMBER, actor=staff
        )

    assert not audit_of(institution).exists()


def test_a_representative_change_is_audited_with_the_previous_one(staff, lab):
    first = ProfileFactory(institution=lab, user__full_name="Rita First").user
    second = ProfileFactory(institution=lab, user__full_name="Sam Second").user

    services.institution_representative_set(institution=lab, user=first, actor=staff)
    services.institution_representative_set(institution=lab, user=second, actor=staff)
    services.institution_representative_set(institution=lab, user=second, actor=staff)

    entries = list(audit_of(lab))
    assert [entry.verb for entry in entries] == [audit.INSTITUTION_REPRESENTATIVE_CHANGED.key] * 2
    assert _sentence(entries[0]) == (
        f"{staff.full_name} made Rita First the representative of Argonne Demo Lab."
    )
    assert _sentence(entries[1]) == (
        f"{staff.full_name} made Sam Second the representative of Argonne Demo Lab, "
        "in place of Rita First."
    )
    assert _sentence(entries[1], "ru") == (
        f"{staff.full_name}: Sam Second — теперь представитель Argonne Demo Lab вместо Rita First."
    )


@pytest.mark.parametrize("verb", audit.VERBS, ids=str)
def test_every_members_verb_has_its_sentence(verb, staff):
    from tpc_portal.models import AuditEntry

    entry = AuditEntry(
        verb=verb.key,
        actor=staff,
        before={"status": "member", "representative": "Rita First"},
        after={"status": "suspended", "representative": "Sam Second"},
        context={"institution": "Lab of Tests", "person": "Una Affiliated"},
    )
    for language in ("en", "ru"):
        sentence = _sentence(entry, language)
        assert sentence.endswith("."), sentence
        assert "Lab of Tests" in sentence
        assert verb.key not in sentence
