"""One agency per HR officer, enforced in every door of a ModelAdmin.

Querysets (lists, search, autocomplete, actions, export), foreign-key choices, object
permissions and saving all go through `accounts.hr.roles.scope`. An object of another agency is
a 404, never a redirect with its name in a message.

The same base keeps lists and searches answerable: a query string that no database can run
(a NUL character, a date at the edge of the calendar, a search longer than any name) gets
Django's answer to a bad filter or no results, never a server error.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers, widgets
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.hr.roles import scope, sees_all_agencies, visible_agencies
from accounts.models import Agency, WorkUnit

# Far above a NIP, a name with titles or a card number; below what SQLite can parse.
MAX_SEARCH_CHARACTERS = 200
MAX_SEARCH_WORDS = 12


class AutocompleteSelect(widgets.AutocompleteSelect):
    """Django's widget, which shows the chosen object again when a form comes back with errors
    by filtering on the posted value as it came: "abc" would be a server error."""

    def optgroups(self, name, value, attr=None):
        key = self.field.target_field
        return super().optgroups(name, [v for v in value if is_key_value(key, v)], attr)


def is_key_value(field, value) -> bool:
    """Whether `value`, as a request carries it, can be looked up in `field` (an id column)."""
    try:
        field.clean(value, None)  # a whole number within the column's range, for an id
    except ValidationError:
        return False
    return True


class AgencyScopedAdmin(admin.ModelAdmin):
    #: path from the model to the agency's primary key, as in a queryset filter
    agency_path = "agency"
    #: the model field set to the officer's own agency on save (None: not settable)
    forced_agency_field = None

    def get_queryset(self, request):
        return scope(super().get_queryset(request), request.user, self.agency_path)

    def get_changelist_instance(self, request):
        # IncorrectLookupParameters: the list redirects to itself with "?e=1", unfiltered.
        if any("\x00" in part for key, values in request.GET.lists() for part in (key, *values)):
            raise self._unanswerable(request, ValueError("NUL in the query string"))
        try:  # the list counts its rows here, so a date the database cannot take fails here
            return super().get_changelist_instance(request)
        except (ValueError, OverflowError) as exc:  # e.g. ?created_at__year=9999, 0001-01-01
            raise self._unanswerable(request, exc) from exc

    def _unanswerable(self, request, exc: Exception) -> IncorrectLookupParameters:
        messages.error(request, _("Filter atau pencarian ini tidak dapat dijalankan (tanggal di "
                                  "luar jangkauan atau karakter tidak sah), jadi daftar "
                                  "ditampilkan tanpa filter."))  # fmt: skip
        return IncorrectLookupParameters(exc)

    def response_action(self, request, queryset):
        # Django filters by the posted ids as they come; "abc", a NUL or a number beyond the
        # column would be a server error. None: the list again, with this message.
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if not all(is_key_value(self.model._meta.pk, value) for value in selected):
            self.message_user(request, _("Pilihan data tidak sah, jadi tidak ada yang diubah."),
                              messages.WARNING)  # fmt: skip
            return None
        return super().response_action(request, queryset)

    def get_search_results(self, request, queryset, search_term):
        """Lists and autocomplete: a NUL (PostgreSQL refuses it) is dropped; a term longer than
        anything an officer looks for finds nothing (SQLite cannot parse its query)."""
        search_term = search_term.replace("\x00", "")
        words = search_term.split()
        if len(search_term) > MAX_SEARCH_CHARACTERS or len(words) > MAX_SEARCH_WORDS:
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)

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
        if db_field.name in self.get_autocomplete_fields(request):
            using = kwargs.get("using")
            kwargs.setdefault("widget", AutocompleteSelect(db_field, self.admin_site, using=using))
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
