"""HR roles: who is an HR officer, what the "HR Instansi" group may do, and what they may see.

An HR officer is staff (not superuser) tied to one agency and a member of "HR Instansi".
Superusers see every agency. Everyone else in the admin sees nothing.
"""

from django.db.models import QuerySet

from accounts.models import Agency

HR_GROUP = "HR Instansi"

# Model permissions of the group. Revoking and re-issuing a card is "change card"; deleting
# employees is left out on purpose: an employee who leaves gets a status, not a deletion,
# so the card history and audit trail stay.
HR_PERMISSIONS = (
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


def ensure_hr_group(apps=None, permissions=HR_PERMISSIONS):
    """Create or update the group; `apps` is the historical registry inside a migration."""
    if apps is None:
        from django.apps import apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=HR_GROUP)
    group.permissions.set(
        [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in (p.split(".") for p in permissions)
        ]
    )
    return group


def sees_all_agencies(user) -> bool:
    return user.is_active and user.is_superuser


def scope(queryset: QuerySet, user, agency_path: str = "agency") -> QuerySet:
    """Only the rows of the user's own agency; all rows for a superuser; none otherwise."""
    if sees_all_agencies(user):
        return queryset
    if not (user.is_active and user.is_staff and user.agency_id):
        return queryset.none()
    return queryset.filter(**{agency_path: user.agency_id})


def visible_agencies(user):
    return scope(Agency.objects.all(), user, agency_path="pk")
