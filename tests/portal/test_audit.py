"""The portal's audit trail, in the base: a vocabulary of verbs, one write that belongs in
a transaction, entries never changed, read-only in the admin, words at display time
(issue 10, item 7)."""

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from tests.factories import InstitutionFactory, UserFactory
from tpc_portal import audit
from tpc_portal.models import AuditEntry

pytestmark = pytest.mark.django_db

# Any declared verb serves; this one is members'.
from members.audit import INSTITUTION_STATUS_CHANGED as VERB  # noqa: E402


def _record(subject, **kwargs):
    with transaction.atomic():
        return audit.audit_record(actor=None, subject=subject, verb=VERB, **kwargs)


def test_an_entry_records_who_what_and_about_which_object():
    institution = InstitutionFactory()
    actor = UserFactory()

    with transaction.atomic():
        entry = audit.audit_record(
            actor=actor,
            subject=institution,
            verb=VERB,
            before={"status": "member"},
            after={"status": "suspended"},
            context={"institution": institution.name},
        )

    entry.refresh_from_db()
    assert entry.subject == institution
    assert entry.subject_type == ContentType.objects.get_for_model(institution)
    assert (entry.actor, entry.verb) == (actor, VERB.key)
    assert (entry.before, entry.after) == ({"status": "member"}, {"status": "suspended"})
    assert list(audit.audit_of(institution)) == [entry]
    assert list(audit.audit_of_kind(type(institution))) == [entry]


def test_a_verb_is_declared_once():
    with pytest.raises(ValueError, match="declared twice"):
        audit.audit_verb(VERB.key, label=_("Again"), template="x.html")


def test_an_undeclared_verb_cannot_be_recorded():
    stray = audit.Verb("made.up", _("Made up"), "x.html")

    with pytest.raises(ValueError, match="not declared"), transaction.atomic():
        audit.audit_record(actor=None, subject=InstitutionFactory(), verb=stray)


@pytest.mark.django_db(transaction=True)
def test_an_entry_outside_the_change_transaction_is_refused():
    institution = InstitutionFactory()

    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit.audit_record(actor=None, subject=institution, verb=VERB)

    assert not AuditEntry.objects.exists()


def test_an_entry_is_never_changed():
    entry = _record(InstitutionFactory())

    entry.after = {"status": "forged"}
    with pytest.raises(ValueError, match="append-only"):
        entry.save()


def test_the_admin_shows_the_trail_and_changes_nothing(rf, staff):
    entry = _record(InstitutionFactory(), context={"institution": "Lab"})
    request = rf.get("/")
    request.user = staff

    model_admin = admin.site.get_model_admin(AuditEntry)

    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, entry)
    assert not model_admin.has_delete_permission(request, entry)


def test_a_sentence_is_drawn_in_the_readers_language_when_shown():
    entry = _record(
        InstitutionFactory(),
        before={"status": "member"},
        after={"status": "suspended"},
        context={"institution": "Lab of Tests"},
    )

    with translation.override("en"):
        english = audit.audit_sentence(entry)
    with translation.override("ru"):
        russian = audit.audit_sentence(entry)

    assert (
        english.strip() == "The portal changed the status of Lab of Tests from Member to Suspended."
    )
    assert (
        russian.strip() == "Портал: статус Lab of Tests изменён с «Участник» на «Приостановлено»."  # noqa: RUF001
    )


def test_an_entry_of_a_verb_since_removed_still_reads_as_a_sentence():
    entry = AuditEntry(verb="gone.away", actor=UserFactory(full_name="Ada Lovelace"))

    with translation.override("en"):
        assert audit.audit_sentence(entry) == "Ada Lovelace made a change."
    with translation.override("ru"):
        assert audit.audit_sentence(entry) == "Ada Lovelace: внесено изменение."


def test_every_declared_verb_has_a_template_that_renders():
    institution = InstitutionFactory()
    for verb in audit.all_verbs():
        entry = AuditEntry(verb=verb.key, subject_id=institution.pk, context={"seat": "X"})
        assert audit.audit_sentence(entry).strip(), verb.key
