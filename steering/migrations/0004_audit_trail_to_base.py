"""Steering's audit entries move into the portal's audit trail (tpc_portal.AuditEntry).

Each entry keeps its actor, time, verb (the old action), before and after. Its subject is
its case, or its seat for a change to a seat outside any case; the seat an entry concerns
is named in its context (`seat`: the institution's name, as the sentence shows it;
`seat_id`). Reversible: going back copies the entries of steering's verbs back and removes
them from the portal's trail.
"""

from django.db import migrations


def _types(apps):
    content_type = apps.get_model("contenttypes", "ContentType")
    case_type, _ = content_type.objects.get_or_create(app_label="steering", model="case")
    seat_type, _ = content_type.objects.get_or_create(app_label="steering", model="seat")
    return case_type, seat_type


def forwards(apps, schema_editor):
    old = apps.get_model("steering", "AuditEntry")
    new = apps.get_model("tpc_portal", "AuditEntry")
    case_type, seat_type = _types(apps)
    rows = []
    for entry in old.objects.select_related("seat__institution").order_by("at", "id").iterator():
        context = {}
        if entry.seat_id is not None:
            context = {"seat": entry.seat.institution.name, "seat_id": entry.seat_id}
        else:
            named = entry.after.get("seat") or entry.before.get("seat")
            named = named or entry.after.get("institution")
            if named:
                context = {"seat": named}
        if entry.case_id is not None:
            subject_type, subject_id = case_type, entry.case_id
        else:
            # A seat's own change; a seat since deleted keeps its entry, under no seat (0).
            subject_type, subject_id = seat_type, entry.seat_id or 0
        rows.append(
            new(
                actor_id=entry.actor_id,
                at=entry.at,
                subject_type=subject_type,
                subject_id=subject_id,
                verb=entry.action,
                before=entry.before,
                after=entry.after,
                context=context,
            )
        )
    new.objects.bulk_create(rows, batch_size=1000)


def backwards(apps, schema_editor):
    old = apps.get_model("steering", "AuditEntry")
    new = apps.get_model("tpc_portal", "AuditEntry")
    case_type, seat_type = _types(apps)
    seat = apps.get_model("steering", "Seat")
    seats = set(seat.objects.values_list("pk", flat=True))
    moved = new.objects.filter(subject_type__in=[case_type, seat_type])
    rows = []
    for entry in moved.order_by("at", "id").iterator():
        seat_id = entry.context.get("seat_id")
        if entry.subject_type_id == seat_type.pk:
            seat_id = entry.subject_id
        rows.append(
            old(
                actor_id=entry.actor_id,
                at=entry.at,
                case_id=entry.subject_id if entry.subject_type_id == case_type.pk else None,
                seat_id=seat_id if seat_id in seats else None,
                action=entry.verb,
                before=entry.before,
                after=entry.after,
            )
        )
    old.objects.bulk_create(rows, batch_size=1000)
    moved.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("steering", "0003_ballot_electorate"),
        ("tpc_portal", "0001_audit_entry"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
