"""The admin is one site that registers every app's pages; its home is the HR overview."""

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry

from accounts.models import Agency, Employee, WorkUnit
from cards.admin.employees import EmployeeAdmin
from cards.models import CardEvent
from mysapk.admin import PortalAdminSite

pytestmark = pytest.mark.django_db


def test_the_default_admin_site_is_the_portal_site_with_every_hr_page():
    assert isinstance(admin.site, PortalAdminSite)
    for model in (Agency, WorkUnit, Employee, CardEvent, LogEntry):
        assert admin.site.is_registered(model)
    assert type(admin.site.get_model_admin(Employee)) is EmployeeAdmin


def test_the_admin_home_is_the_overview_for_the_officers_agency(hr_client, agency):
    page = hr_client.get("/admin/")
    assert page.status_code == 200
    assert [row["agency"] for row in page.context["agency_overview"]] == [agency]
    assert 'id="agency-overview"' in page.content.decode()


def test_the_admin_login_page_is_the_portals_and_asks_for_a_nip(client):
    page = client.get("/admin/login/").content.decode()
    assert "MySAPK · Administrasi Kepegawaian" in page and 'name="username"' in page
