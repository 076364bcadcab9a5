from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts import admin_audit  # noqa: F401  (registers the data change log)
from accounts.admin_import import EmployeeImportExportMixin
from accounts.admin_scope import AgencyScopedAdmin
from accounts.audit import history_rows, with_values
from accounts.forms import AdminLoginForm, EmployeeCreationForm, NipPasswordResetForm
from accounts.hr.roles import sees_all_agencies
from accounts.models import Agency, Employee, WorkUnit
from accounts.nip import NIP_PATTERN

PRIVILEGE_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")

admin.site.site_header = _("MySAPK · Administrasi Kepegawaian")
admin.site.site_title = _("Admin MySAPK")
admin.site.index_title = _("Data kepegawaian dan kartu ASN")
admin.site.login_form = AdminLoginForm


@admin.register(Agency)
class AgencyAdmin(AgencyScopedAdmin):
    agency_path = "pk"
    list_display = ("code", "name", "short_name")
    search_fields = ("code", "name", "short_name")


@admin.register(WorkUnit)
class WorkUnitAdmin(AgencyScopedAdmin):
    forced_agency_field = "agency"
    list_display = ("name", "code", "agency", "parent")
    list_select_related = ("agency", "parent")
    search_fields = ("name", "code")
    autocomplete_fields = ("parent",)

    def get_list_filter(self, request):
        return ("agency",) if sees_all_agencies(request.user) else ()


@admin.register(Employee)
class EmployeeAdmin(EmployeeImportExportMixin, AgencyScopedAdmin, UserAdmin):
    add_form = EmployeeCreationForm
    forced_agency_field = "agency"
    list_display = ("nip", "full_name", "asn_type", "status", "work_unit")
    list_filter = (
        "asn_type",
        "status",
        ("work_unit", admin.RelatedOnlyFieldListFilter),
        "rank",
    )
    list_select_related = ("agency", "work_unit")
    list_per_page = 100
    search_fields = ("nip", "name")
    search_help_text = _("Cari dengan NIP (boleh dengan spasi seperti di kartu) atau nama.")
    ordering = ("name",)
    autocomplete_fields = ("agency", "work_unit")
    readonly_fields = ("last_login", "date_joined")
    actions = ["send_password_reset"]
    object_history_template = "admin/accounts/employee/object_history.html"
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
            {
                "fields": ("is_active", "is_staff", "is_superuser", "groups"),
                "classes": ("collapse",),
            },
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

    def get_list_display(self, request):
        shown = super().get_list_display(request)
        return (*shown, "agency") if sees_all_agencies(request.user) else shown

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if sees_all_agencies(request.user):
            return (("agency", admin.RelatedOnlyFieldListFilter), *filters, "is_staff")
        return filters

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return fields if request.user.is_superuser else (*fields, *PRIVILEGE_FIELDS)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or request.user.is_superuser:
            return fieldsets
        # HR never sets a password: the employee gets a reset e-mail (action below).
        first, *rest = fieldsets
        return ((first[0], {**first[1], "fields": ("nip",)}), *rest)

    def has_change_permission(self, request, obj=None):
        # An officer could otherwise change an admin's e-mail and then reset their password.
        privileged = obj is not None and (obj.is_staff or obj.is_superuser)
        if privileged and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def get_search_results(self, request, queryset, search_term):
        digits = "".join(search_term.split())
        if NIP_PATTERN.match(digits):  # "19860926 201505 1 001" as printed on the card
            return queryset.filter(nip=digits), False
        return super().get_search_results(request, queryset, search_term)

    def construct_change_message(self, request, form, formsets, add=False):
        message = super().construct_change_message(request, form, formsets, add)
        return message if add else with_values(message, form)

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, object_id)
        extra = {"data_history": history_rows(obj) if obj else []}
        return super().history_view(request, object_id, {**(extra_context or {}), **extra})

    @admin.action(description=_("Kirim e-mail atur ulang password"), permissions=["change"])
    def send_password_reset(self, request, queryset):
        sent = 0
        for employee in queryset.filter(is_active=True).exclude(email=""):
            form = NipPasswordResetForm(data={"nip": employee.nip})
            if not form.is_valid():
                continue
            form.save(
                request=request,
                use_https=request.is_secure(),
                extra_email_context={"public_base_url": settings.PUBLIC_BASE_URL},
                email_template_name="accounts/email/password_reset.txt",
                subject_template_name="accounts/email/password_reset_subject.txt",
            )
            self.log_change(request, employee, gettext("Mengirim e-mail atur ulang password."))
            sent += 1
        skipped = queryset.count() - sent
        messages.success(
            request,
            ngettext(
                "E-mail atur ulang password dikirim ke %(count)d pegawai.",
                "E-mail atur ulang password dikirim ke %(count)d pegawai.",
                sent,
            )
            % {"count": sent},
        )
        if skipped:
            messages.warning(
                request,
                gettext(
                    "%(count)d pegawai dilewati: akun tidak aktif atau belum ada alamat e-mail."
                )
                % {"count": skipped},
            )
