"""The owner sees "Riwayat Verifikasi" (when their card was checked); nobody else does."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template import RequestContext, Template
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cards import services
from tests.verification.conftest import solve, verify_url
from verification.models import VerificationEvent
from verification.scans import HISTORY_ROWS

pytestmark = pytest.mark.django_db

WIB = dt.timezone(dt.timedelta(hours=7))


def _event(card, outcome="valid", **age) -> VerificationEvent:
    checked = timezone.now() - dt.timedelta(**age)
    return VerificationEvent.objects.create(
        card=card, outcome=outcome, checked_at=checked, client_hash="0" * 64
    )


def _history(page: str) -> str:
    match = re.search(r'<section class="panel riwayat-verifikasi".*?</section>', page, re.S)
    return match.group(0) if match else ""


def test_the_owner_sees_their_card_checks_on_the_card_page(employee_client, card):
    solve(Client(), verify_url(card.token))  # a member of the public
    page = employee_client.get("/layanan/kartu-asn/").content.decode()
    history = _history(page)
    assert "Riwayat Verifikasi" in history
    checked = timezone.localtime(VerificationEvent.objects.get().checked_at, WIB)
    assert f"{checked.year}, {checked:%H.%M} WIB" in history
    assert "Kartu sah, pegawai aktif" in history


def test_history_is_newest_first_with_outcomes_in_words(employee_client, card, hr_officer):
    _event(card, "valid", days=3)
    old_token = card.token
    services.reissue_card(card, hr_officer)
    _event(card, "replaced", hours=2)
    history = _history(employee_client.get("/layanan/kartu-asn/").content.decode())
    assert history.index("Kartu lama (sudah diganti)") < history.index("Kartu sah, pegawai aktif")
    assert old_token not in history


def test_history_covers_the_last_90_days_only(employee_client, card):
    _event(card, days=89)
    _event(card, days=91)
    history = _history(employee_client.get("/layanan/kartu-asn/").content.decode())
    assert history.count("<time") == 1


def test_a_card_never_checked_says_so(employee_client, card):
    history = _history(employee_client.get("/layanan/kartu-asn/").content.decode())
    assert "Belum ada pemeriksaan dalam 90 hari terakhir." in history


def test_a_much_checked_card_shows_the_newest_and_counts_the_rest(employee_client, card):
    for minutes in range(HISTORY_ROWS + 5):
        _event(card, minutes=minutes)
    history = _history(employee_client.get("/layanan/kartu-asn/").content.decode())
    assert history.count("<time") == HISTORY_ROWS
    assert "dan 5 pemeriksaan sebelumnya." in history


def test_another_employee_does_not_see_the_owner_history(client, card, other_employee):
    solve(client, verify_url(card.token))
    client.force_login(other_employee)
    page = client.get("/layanan/kartu-asn/").content.decode()
    history = _history(page)
    assert "Belum ada pemeriksaan" in history and "<time" not in history


def test_the_history_is_not_on_the_public_pages(client, card):
    _event(card)
    url = verify_url(card.token)
    assert "Riwayat Verifikasi" not in client.get(url).content.decode()
    assert "Riwayat Verifikasi" not in solve(client, url).content.decode()


def test_the_history_is_not_on_the_home_page(employee_client, card):
    _event(card)
    assert "Riwayat Verifikasi" not in employee_client.get("/").content.decode()


def test_the_panel_renders_for_any_page_that_prints_it(rf, card):
    _event(card, minutes=5)
    request = rf.get("/")
    request.user = card.employee
    html = Template("{{ card_page_panels }}").render(RequestContext(request))
    assert "Riwayat Verifikasi" in html and "WIB" in html


def test_the_panel_costs_no_query_on_a_page_that_does_not_print_it(rf, card):
    request = rf.get("/")
    request.user = card.employee
    with CaptureQueriesContext(connection) as queries:
        Template("{{ user.pk }}").render(RequestContext(request))
    assert len(queries) == 0


def test_the_panel_is_empty_for_a_visitor(rf):
    request = rf.get("/")
    request.user = AnonymousUser()
    assert Template("{{ card_page_panels }}").render(RequestContext(request)) == ""
