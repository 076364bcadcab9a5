"""The card page groups downloads by purpose and shows sizes only where a render exists."""

import pytest
from django.template.defaultfilters import filesizeformat
from django.utils import translation

from cards import outputs

pytestmark = pytest.mark.django_db

CARD_PAGE = "/layanan/kartu-asn/"


def section(page: str) -> str:
    start = page.index('aria-labelledby="unduh"')
    return page[start : page.index("</section>", start)]


def test_downloads_are_grouped_by_purpose_with_the_same_links(employee_client, card):
    downloads = section(employee_client.get(CARD_PAGE).content.decode())

    phone, rest = downloads.split("Cetak</h3>")
    printing, other = rest.split("Format lain</h3>")
    assert "Simpan di ponsel" in phone
    assert "/unduh/depan.png" in phone and "/unduh/belakang.png" in phone
    assert "/unduh/kartu.pdf" in printing and "/layanan/kartu-asn/cetak/" in printing
    assert "/unduh/depan.pdf" in other and "/unduh/belakang.pdf" in other
    assert 'role="status"' in downloads


def test_no_size_is_shown_before_anything_is_rendered(employee_client, card):
    downloads = section(employee_client.get(CARD_PAGE).content.decode())

    assert "downloads__size" not in downloads
    assert "KB" not in downloads and "MB" not in downloads


def test_the_size_of_each_rendered_file_is_shown(employee_client, card):
    png = outputs.render_download(card, "depan.png").content
    sheet = outputs.render_download(card, "kartu.pdf").content

    downloads = section(employee_client.get(CARD_PAGE).content.decode())

    assert downloads.count("downloads__size") == 5  # one render made all four sides
    with translation.override("id"):
        assert f"· {filesizeformat(len(png))}" in downloads
        assert f"· {filesizeformat(len(sheet))}" in downloads


def test_a_size_is_dropped_when_what_the_card_prints_changes(employee_client, card, employee):
    outputs.render_download(card, "depan.png")
    employee.position = "Kepala Bagian Umum"
    employee.save()

    downloads = section(employee_client.get(CARD_PAGE).content.decode())

    assert "downloads__size" not in downloads


def test_each_link_says_which_file_was_saved(employee_client, employee, card):
    downloads = section(employee_client.get(CARD_PAGE).content.decode())

    assert f'data-saved="Kartu tersimpan: kartu-asn-{employee.nip}-portrait-depan.png"' in downloads
