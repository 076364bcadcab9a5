"""What HR sees at a glance: small list photos, a usable golongan filter, room for the list."""

import io

import pytest
from PIL import Image

from cards import services
from tests.factories import EmployeeFactory, with_photo

pytestmark = pytest.mark.django_db

EMPLOYEES = "/admin/accounts/employee/"


def test_list_photos_are_small_thumbnails_not_the_card_photo(hr_client, employee):
    card = with_photo(employee)
    page = hr_client.get(EMPLOYEES).content.decode()
    thumbnail_url = f"{EMPLOYEES}{employee.pk}/foto/{card.photo_id}/?ukuran=kecil"
    assert thumbnail_url in page
    thumbnail = hr_client.get(thumbnail_url)
    full = hr_client.get(f"{EMPLOYEES}{employee.pk}/foto/{card.photo_id}/")
    small, large = Image.open(io.BytesIO(b"".join(thumbnail))), Image.open(io.BytesIO(full.content))
    assert small.format == "JPEG" and small.width <= 75 and small.height <= 100
    assert large.width > 4 * small.width
    assert len(thumbnail.content) < len(full.content) / 4
    assert "no-store" in thumbnail["Cache-Control"]


def test_the_golongan_filter_is_one_select_that_keeps_the_other_filters(hr_client, agency):
    EmployeeFactory(agency=agency, name="Golongan Tiga A", rank="III/a")
    EmployeeFactory(agency=agency, name="Golongan Empat B", rank="IV/b")
    page = hr_client.get(EMPLOYEES, {"asn_type__exact": "PNS"}).content.decode()
    form = page.split('class="filter-dropdown"', 1)[1].split("</form>", 1)[0]
    assert '<input type="hidden" name="asn_type__exact" value="PNS">' in form
    assert '<select id="filter-rank__exact" name="rank__exact" required>' in form
    assert '<option value="III/a">' in form
    chosen = hr_client.get(EMPLOYEES, {"asn_type__exact": "PNS", "rank__exact": "III/a"})
    names = [e.name for e in chosen.context["cl"].result_list]
    assert names == ["Golongan Tiga A"]


def test_the_admin_gives_its_width_to_the_lists(hr_client, employee):
    page = hr_client.get(EMPLOYEES).content.decode()
    assert 'id="nav-sidebar"' not in page and "css/admin-hr.css" in page


def test_the_card_trail_shows_the_reason_before_the_officer(hr_client, hr_officer, card):
    services.revoke_card(card, "Hilang", actor=hr_officer)
    page = hr_client.get("/admin/cards/cardevent/").content.decode()
    assert page.index("column-what") < page.index("column-actor")
