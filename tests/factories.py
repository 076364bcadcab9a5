"""Test data with valid NIPs: each employee's NIP agrees with their birth date and gender."""

import datetime as dt

import factory

from accounts.models import Agency, Employee, WorkUnit

TEST_PASSWORD = "Kata-sandi-uji-2026"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"INST{n:03d}")
    name = factory.Sequence(lambda n: f"Instansi Uji {n}")


class WorkUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkUnit

    agency = factory.SubFactory(AgencyFactory)
    code = factory.Sequence(lambda n: f"UNIT{n:03d}")
    name = factory.Sequence(lambda n: f"Biro Uji {n}")


def make_nip(birth: dt.date, gender: str, sequence: int, asn_type: str = "PNS") -> str:
    middle = f"{birth.year + 25}05" if asn_type == "PNS" else f"{birth.year + 25}21"
    return f"{birth:%Y%m%d}{middle}{'1' if gender == 'L' else '2'}{sequence % 999 + 1:03d}"


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Pegawai Uji {n}")
    birth_date = factory.Sequence(lambda n: dt.date(1970, 1, 1) + dt.timedelta(days=(n % 250) * 37))
    gender = "L"
    asn_type = Employee.AsnType.PNS
    nip = factory.LazyAttributeSequence(
        lambda o, n: make_nip(o.birth_date, o.gender, n, o.asn_type)
    )
    agency = factory.SubFactory(AgencyFactory)
    work_unit = factory.SubFactory(WorkUnitFactory, agency=factory.SelfAttribute("..agency"))
    position = "Analis Kepegawaian Ahli Muda"
    rank = factory.LazyAttribute(lambda o: "III/b" if o.asn_type == "PNS" else "PPPK-IX")
    start_date = dt.date(2015, 6, 1)
    email = factory.LazyAttribute(lambda o: f"{o.nip}@uji.mysapk.local")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


def with_photo(employee):
    """The employee's card with a confirmed photo, through the same services as the portal."""
    from cards import services
    from tests.portrait import jpeg_upload

    card = services.card_for(employee)
    candidate = services.upload_photo_candidate(employee, jpeg_upload(), employee)
    return services.confirm_photo(card, candidate, employee)
