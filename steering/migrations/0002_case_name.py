"""A case keeps the name of what it is about; its title is composed when shown.

Titles were stored in the submitter's language ("Membership of X"); a membership case's
name is its institution's name. Going back composes the English title again.
"""

from django.db import migrations, models


def names_from_subjects(apps, schema_editor):
    Case = apps.get_model("steering", "Case")
    MembershipApplication = apps.get_model("steering", "MembershipApplication")
    names = dict(MembershipApplication.objects.values_list("pk", "institution__name"))
    for case in Case.objects.filter(kind="membership"):
        if case.subject_id in names:
            case.name = names[case.subject_id][:300]
            case.save(update_fields=["name"])


def titles_from_names(apps, schema_editor):
    Case = apps.get_model("steering", "Case")
    for case in Case.objects.filter(kind="membership"):
        case.name = f"Membership of {case.name}"[:300]
        case.save(update_fields=["name"])


class Migration(migrations.Migration):
    dependencies = [("steering", "0001_initial")]

    operations = [
        migrations.RenameField(model_name="case", old_name="title", new_name="name"),
        migrations.AlterField(
            model_name="case",
            name="name",
            field=models.CharField(
                help_text="What the case is about, e.g. the institution.",
                max_length=300,
                verbose_name="name",
            ),
        ),
        migrations.RunPython(names_from_subjects, titles_from_names),
    ]
