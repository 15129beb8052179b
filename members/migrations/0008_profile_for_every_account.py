"""Every account has a profile: pages that only read no longer make a missing one, so the
accounts made before that (createsuperuser, the admin) get theirs here, shaped as
Profile.new_for makes it: named after the account, unlisted."""

from django.db import migrations


def give_profiles(apps, schema_editor):
    User = apps.get_model("members", "User")
    Profile = apps.get_model("members", "Profile")
    db = schema_editor.connection.alias
    without = User.objects.using(db).filter(profile__isnull=True)
    Profile.objects.using(db).bulk_create(
        [Profile(user=user, display_name=user.full_name) for user in without.iterator()]
    )


class Migration(migrations.Migration):
    dependencies = [("members", "0007_profile_time_zone")]

    operations = [migrations.RunPython(give_profiles, migrations.RunPython.noop)]
