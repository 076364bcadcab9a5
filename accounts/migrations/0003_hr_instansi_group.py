"""The "HR Instansi" group with the model permissions of an agency's HR officer."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Self-contained on purpose: nothing here imports live code, so a later change to the HR
# roles cannot break migrating a fresh database. A later change to the group's permissions
# (accounts.hr.roles.HR_PERMISSIONS) comes with its own migration.
GROUP = "HR Instansi"
PERMISSIONS = (
    "accounts.view_agency",
    "accounts.view_workunit",
    "accounts.add_workunit",
    "accounts.change_workunit",
    "accounts.delete_workunit",
    "accounts.view_employee",
    "accounts.add_employee",
    "accounts.change_employee",
    "cards.view_card",
    "cards.change_card",
    "cards.view_cardevent",
    "cards.view_photoversion",
    "admin.view_logentry",
)


def create_group(apps, schema_editor):
    # Permissions are normally created after the last migration; create them now so the
    # group can hold them on a fresh database.
    for label in ("accounts", "cards", "admin"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.set(
        [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in (name.split(".") for name in PERMISSIONS)
        ]
    )


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_qr_login_and_devices"),
        ("cards", "0001_initial"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
