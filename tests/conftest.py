import pytest
from django.core.cache import caches

from cards import services
from tests.factories import TEST_PASSWORD, AgencyFactory, EmployeeFactory, with_photo
from tests.s3 import s3_bucket, s3_endpoint  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def _fresh_cache():
    for each in caches.all():
        each.clear()
    yield
    for each in caches.all():
        each.clear()


@pytest.fixture
def password():
    return TEST_PASSWORD


@pytest.fixture
def agency(db):
    return AgencyFactory(code="BKN", name="Badan Kepegawaian Negara")


@pytest.fixture
def other_agency(db):
    return AgencyFactory(code="PEMPROV-JABAR", name="Pemerintah Provinsi Jawa Barat")


@pytest.fixture
def employee(agency):
    """An active PNS whose TMT has passed: the everyday user."""
    return EmployeeFactory(agency=agency, name="Andi Pratama Wijaya", back_title="S.E.")


@pytest.fixture
def other_employee(agency):
    return EmployeeFactory(agency=agency, name="Siti Rahmawati", gender="P")


@pytest.fixture
def hr_officer(agency):
    return EmployeeFactory(agency=agency, name="Dewi Lestari", gender="P", is_staff=True)


@pytest.fixture
def other_hr_officer(other_agency):
    return EmployeeFactory(agency=other_agency, name="Rizky Maulana", is_staff=True)


@pytest.fixture
def employee_client(client, employee):
    client.force_login(employee)
    return client


@pytest.fixture
def card(employee):
    return services.card_for(employee)


@pytest.fixture
def card_with_photo(card, employee):
    return with_photo(employee)
