"""One agency per HR officer, enforced in every door of a ModelAdmin.

Querysets (lists, search, autocomplete, actions, export), foreign-key choices, object
permissions and saving all go through `accounts.hr.roles.scope`. An object of another agency is
a 404, never a redirect with its name in a message.
"""

from django.contrib import admin
from django.http import Http404

from accounts.hr.roles import scope, sees_all_agencies, visible_agencies
from accounts.models import Agency, WorkUnit


class AgencyScopedAdmin(admin.ModelAdmin):
    #: path from the model to the agency's primary key, as in a queryset filter
    agency_path = "agency"
    #: the model field set to the officer's own agency on save (None: not settable)
    forced_agency_field = None

    def get_queryset(self, request):
        return scope(super().get_queryset(request), request.user, self.agency_path)

    def agency_id_of(self, obj):
        *relations, last = self.agency_path.split("__")
        for name in relations:
            obj = getattr(obj, name)
        return obj.pk if last == "pk" else getattr(obj, f"{last}_id")

    def in_scope(self, request, obj) -> bool:
        if obj is None or sees_all_agencies(request.user):
            return True
        agency_id = request.user.agency_id
        return bool(agency_id) and self.agency_id_of(obj) == agency_id

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self.in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.in_scope(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Agency:
            kwargs["queryset"] = visible_agencies(request.user)
        elif db_field.related_model is WorkUnit:
            kwargs["queryset"] = scope(WorkUnit.objects.select_related("agency"), request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if self.forced_agency_field and not sees_all_agencies(request.user):
            initial.setdefault(self.forced_agency_field, request.user.agency_id)
        return initial

    def assign_own_agency(self, request, obj) -> None:
        if self.forced_agency_field and not sees_all_agencies(request.user):
            setattr(obj, f"{self.forced_agency_field}_id", request.user.agency_id)

    def save_model(self, request, obj, form, change):
        self.assign_own_agency(request, obj)
        super().save_model(request, obj, form, change)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django redirects to the index with "object does not exist"; for another agency's
        # object that must look exactly like a wrong URL.
        raise Http404


class ReadOnlyScopedAdmin(AgencyScopedAdmin):
    """An agency-scoped record that is only ever looked at: audit trails."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
