"""HR roles: who is an HR officer, what the "HR Instansi" group may do, and what they may see.

An HR officer is staff (not superuser) tied to one agency and a member of "HR Instansi".
Superusers see every agency. Everyone else in the admin sees nothing.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q, QuerySet

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


def ensure_hr_group() -> Group:
    """Create the group or bring its permissions up to date (demo data, tests)."""
    group, _ = Group.objects.get_or_create(name=HR_GROUP)
    wanted = Q()
    for permission in HR_PERMISSIONS:
        app_label, codename = permission.split(".")
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    group.permissions.set(Permission.objects.filter(wanted))
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
