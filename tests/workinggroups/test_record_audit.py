"""Every change to a meeting's record, its action items and documents is in the audit
trail, and each entry reads as a sentence naming who did it (never an address)."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.workinggroups.record_world import *  # noqa: F403 - the fixtures
from tpc_portal.audit import audit_of, audit_sentence
from workinggroups.services.actions import (
    action_item_create,
    action_item_done,
    action_item_reopen,
    action_item_update,
)
from workinggroups.services.documents import document_add, document_remove
from workinggroups.services.minutes import (
    attendance_record,
    minutes_approve,
    minutes_publish,
    minutes_save,
)

pytestmark = pytest.mark.django_db


def test_each_verb_reads_as_a_sentence(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    lead = world.lead
    minutes_save(actor=lead, meeting=world.meeting, text="Notes", base_revision=0)
    minutes_publish(actor=lead, meeting=world.meeting)
    minutes_approve(actor=lead, meeting=world.meeting)
    attendance_record(actor=lead, meeting=world.meeting, present=[world.member, lead])
    item = action_item_create(
        actor=lead,
        group=world.group,
        owner=world.member,
        text="Write <it>",
        due=timezone.now().date() + timedelta(days=4),
    )
    action_item_update(actor=lead, item=item, owner=world.other_member)
    action_item_done(actor=lead, item=item)
    action_item_reopen(actor=lead, item=item)
    document = document_add(
        actor=world.member,
        group=world.group,
        title="Plan",
        visibility="members",
        upload=SimpleUploadedFile("plan.md", b"# Plan"),
    )
    document_remove(actor=lead, document=document)

    sentences = {
        entry.verb: str(audit_sentence(entry))
        for entry in [*audit_of(world.meeting), *audit_of(world.group)]
    }

    assert sorted(sentences) == [
        "action.created",
        "action.done",
        "action.reopened",
        "action.updated",
        "attendance.recorded",
        "document.added",
        "document.removed",
        "minutes.approved",
        "minutes.published",
        "minutes.saved",
    ]
    name = str(lead)
    for verb, sentence in sentences.items():
        who = "Mira Member" if verb == "document.added" else name
        assert sentence.startswith(who), (verb, sentence)
        assert "@" not in sentence
    assert "2 people present" in sentences["attendance.recorded"]
    assert "gave Mira Member an action item" in sentences["action.created"]
    assert "&lt;it&gt;" in sentences["action.created"]  # escaped
    assert "owner Otto Other" in sentences["action.updated"]
    assert "for the group's members" in sentences["document.added"]
