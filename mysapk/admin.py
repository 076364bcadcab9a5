"""The admin site: one place that says which pages HR has, with the overview as its home.

`settings.INSTALLED_APPS` names `mysapk.apps.PortalAdminConfig`, whose `default_site` is
this class, so `django.contrib.admin.site` is a PortalAdminSite. Each app defines its admin
classes without registering them; `register_portal_pages` registers them all here.
"""

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.utils.translation import gettext_lazy as _

from accounts.forms import AdminLoginForm
from accounts.login import qr as qr_login
from mysapk.overview import SCAN_DAYS, agency_overview


class PortalAdminSite(admin.AdminSite):
    site_header = _("MySAPK · Administrasi Kepegawaian")
    site_title = _("Admin MySAPK")
    index_title = _("Data kepegawaian dan kartu ASN")
    index_template = "admin/portal_index.html"
    login_form = AdminLoginForm
    # The app list is on the home page and in the breadcrumbs; the sidebar would take the
    # 300 px that the employee list and the card trail need at 1366 px.
    enable_nav_sidebar = False

    def register_portal_pages(self) -> None:
        # Imported here, once the site exists: these modules import django.contrib.auth.admin,
        # which registers Group on this very site while it is being created.
        from accounts.hr.admin import AgencyAdmin, WorkUnitAdmin
        from accounts.hr.audit import DataChangeLogAdmin
        from accounts.models import Agency, Employee, WorkUnit
        from cards.admin.employees import EmployeeAdmin
        from cards.admin.events import CardEventAdmin
        from cards.models import CardEvent

        self.register(Agency, AgencyAdmin)
        self.register(WorkUnit, WorkUnitAdmin)
        self.register(Employee, EmployeeAdmin)
        self.register(CardEvent, CardEventAdmin)
        self.register(LogEntry, DataChangeLogAdmin)

    def has_permission(self, request):
        # A session logged in by a QR approval stays out of the admin: an approval can be
        # tricked out of a staff member from afar. The admin's login form asks for the
        # password instead, and logging in there lifts the mark (accounts.login.qr).
        return super().has_permission(request) and not qr_login.is_qr_login(request.session)

    def index(self, request, extra_context=None):
        overview = {"agency_overview": agency_overview(request.user), "scan_days": SCAN_DAYS}
        return super().index(request, {**overview, **(extra_context or {})})
