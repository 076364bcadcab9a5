import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from accounts.hr.roles import HR_GROUP, HR_PERMISSIONS
from accounts.models import Employee

pytestmark = pytest.mark.django_db


def _permissions(group):
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_the_migration_creates_the_hr_group_with_its_permissions():
    group = Group.objects.get(name=HR_GROUP)
    assert _permissions(group) == set(HR_PERMISSIONS)


def test_hr_may_not_delete_employees_so_their_card_history_stays():
    assert "accounts.delete_employee" not in HR_PERMISSIONS


def test_seed_demo_hr_officers_are_staff_in_the_group_and_not_superusers(tmp_path):
    call_command("seed_demo", password="Demo-Uji-2026", stdout=open(tmp_path / "out", "w"))
    officers = Employee.objects.filter(groups__name=HR_GROUP)
    assert officers.count() == 3
    assert all(o.is_staff and not o.is_superuser and o.agency_id for o in officers)
    assert officers.get(nip="198203172006042002").agency.code == "BKN"


def test_staff_without_an_agency_sees_no_employee(client, hr_group, employee):
    lost = Employee.objects.create_user("198001012005011001", name="Tanpa Instansi", is_staff=True)
    lost.groups.add(hr_group)
    client.force_login(lost)
    page = client.get("/admin/accounts/employee/")
    assert employee.nip not in page.content.decode()
