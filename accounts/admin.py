from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.forms import EmployeeCreationForm
from accounts.models import Agency, Employee, WorkUnit


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "short_name")
    search_fields = ("code", "name", "short_name")


@admin.register(WorkUnit)
class WorkUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "agency", "parent")
    list_filter = ("agency",)
    list_select_related = ("agency", "parent")
    search_fields = ("name", "code")
    autocomplete_fields = ("parent",)


@admin.register(Employee)
class EmployeeAdmin(UserAdmin):
    add_form = EmployeeCreationForm
    list_display = ("nip", "full_name", "asn_type", "status", "agency", "work_unit", "rank")
    list_filter = ("asn_type", "status", "agency", "is_staff", "rank")
    list_select_related = ("agency", "work_unit")
    search_fields = ("nip", "name")
    search_help_text = _("Cari dengan NIP atau nama.")
    ordering = ("name",)
    autocomplete_fields = ("agency", "work_unit")
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("nip", "password")}),
        (
            _("Data pribadi"),
            {
                "fields": (
                    ("front_title", "name", "back_title"),
                    ("birth_place", "birth_date"),
                    "gender",
                    ("email", "phone"),
                )
            },
        ),
        (
            _("Kepegawaian"),
            {
                "fields": (
                    ("asn_type", "status"),
                    ("agency", "work_unit"),
                    "position",
                    "rank",
                    ("start_date", "contract_end_date"),
                )
            },
        ),
        (
            _("Hak akses"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups"), "classes": ("collapse",)},
        ),
        (_("Waktu penting"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "nip",
                    "name",
                    "birth_date",
                    "gender",
                    "asn_type",
                    "agency",
                    "work_unit",
                    "email",
                ),
            },
        ),
    )
    filter_horizontal = ("groups",)

    @admin.display(description=_("nama"), ordering="name")
    def full_name(self, obj):
        return obj.full_name
