import pytest

from cards import services
from tests.factories import EmployeeFactory, with_photo
from verification.models import VerificationEvent

pytestmark = pytest.mark.django_db


def _rows(page):
    return {row["agency"].code: row for row in page.context["agency_overview"]}


def test_hr_sees_their_agency_counts_on_the_admin_home(
    hr_client, agency, employee, other_employee, hr_officer, foreigner
):
    card = with_photo(employee)
    services.card_for(other_employee)
    VerificationEvent.objects.create(card=card, outcome="valid", client_hash="x")
    page = hr_client.get("/admin/")
    assert list(_rows(page)) == [agency.code]
    row = _rows(page)[agency.code]
    assert (row["employees"], row["cards"], row["without_photo"], row["scans"]) == (3, 2, 2, 1)
    assert "Ringkasan instansi" in page.content.decode()


def test_a_superuser_sees_every_agency(client, superuser, agency, other_agency, foreigner):
    EmployeeFactory(agency=other_agency)
    client.force_login(superuser)
    rows = _rows(client.get("/admin/"))
    assert set(rows) == {agency.code, other_agency.code}
    assert rows[other_agency.code]["employees"] == 2
    assert rows[other_agency.code]["without_photo"] == 1
