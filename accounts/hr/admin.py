"""The agency's own records in the admin: agencies, work units, and the employee form's parts.

The Employee admin itself is defined once in `cards.admin.employees` (it shows the card
too); what it takes from here is the employee's form, privilege rules and the password-reset
action. `mysapk.admin.PortalAdminSite` registers every class.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.forms import NipPasswordResetForm
from accounts.hr.roles import sees_all_agencies
from accounts.hr.scoping import AgencyScopedAdmin

PRIVILEGE_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")


class AgencyAdmin(AgencyScopedAdmin):
    agency_path = "pk"
    list_display = ("code", "name", "short_name")
    search_fields = ("code", "name", "short_name")


class WorkUnitAdmin(AgencyScopedAdmin):
    forced_agency_field = "agency"
    list_display = ("name", "code", "agency", "parent")
    list_select_related = ("agency", "parent")
    search_fields = ("name", "code")
    autocomplete_fields = ("parent",)

    def get_list_filter(self, request):
        return ("agency",) if sees_all_agencies(request.user) else ()


EMPLOYEE_FIELDSETS = (
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
NEW_EMPLOYEE_FIELDS = (
    "nip", "name", "birth_date", "gender", "asn_type", "agency", "work_unit", "email",
)  # fmt: skip


@admin.action(description=_("Kirim e-mail atur ulang kata sandi"), permissions=["change"])
def send_password_reset(modeladmin, request, queryset):
    """HR never sets a password: the employee gets a link to set one themselves."""
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
        modeladmin.log_change(request, employee, gettext("Mengirim e-mail atur ulang kata sandi."))
        sent += 1
    message = ngettext(
        "E-mail atur ulang kata sandi dikirim ke %(count)d pegawai.",
        "E-mail atur ulang kata sandi dikirim ke %(count)d pegawai.",
        sent,
    )
    messages.success(request, message % {"count": sent})
    skipped = queryset.count() - sent
    if skipped:
        messages.warning(
            request,
            gettext("%(count)d pegawai dilewati: akun tidak aktif atau belum ada alamat e-mail.")
            % {"count": skipped},
        )
