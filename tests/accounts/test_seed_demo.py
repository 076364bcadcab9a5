import json
from io import StringIO

import pytest
from django.core import serializers
from django.core.management import call_command

from accounts.models import Agency, Employee, WorkUnit
from accounts.nip import validate_nip, validate_nip_matches

pytestmark = pytest.mark.django_db


def run_seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def snapshot():
    rows = []
    for model in (Agency, WorkUnit, Employee):
        rows += json.loads(serializers.serialize("json", model.objects.order_by("pk")))
    return rows


def test_seed_demo_twice_gives_the_same_data():
    run_seed("--employees", "50")
    first = snapshot()
    run_seed("--employees", "50")
    assert snapshot() == first


def test_seed_demo_makes_the_people_the_portal_needs():
    accounts = json.loads(run_seed("--json", "--password", "Coba-Demo-2026"))
    roles = {a["role"] for a in accounts}
    assert {"PNS aktif", "PPPK aktif", "TMT belum tiba", "Pensiun", "Superuser"} <= roles
    assert Agency.objects.count() == 3
    assert sum(a["staff"] and not a["superuser"] for a in accounts) == 3
    assert Employee.objects.get(nip=accounts[0]["nip"]).check_password("Coba-Demo-2026")


def test_every_seeded_nip_is_valid_and_consistent():
    run_seed("--employees", "300")
    for e in Employee.objects.all():
        validate_nip(e.nip, e.asn_type)
        validate_nip_matches(e.nip, e.birth_date, e.gender)
        e.full_clean(exclude=["password"])


def test_seed_demo_prints_a_table_by_default():
    out = run_seed()
    assert "198609262015051001" in out and "PNS aktif" in out and "KartuASN#2026" in out
