"""Every private file (card files, photos) is sent for the one browser and kept by none.

A shared office computer must not hand the next user the last employee's photo or card from
its cache after logout, so every such response says no-store, not just private.
"""

import pytest
from django.urls import reverse

from accounts.hr.roles import ensure_hr_group
from cards import outputs, services
from tests.factories import with_photo
from tests.portrait import jpeg_upload
from verification import photo_links

pytestmark = pytest.mark.django_db


def assert_kept_by_no_browser(response):
    assert response.status_code == 200
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    assert not any(d.startswith("max-age") and d != "max-age=0" for d in directives)


@pytest.mark.parametrize("name", outputs.DOWNLOADS)
def test_card_downloads_are_never_stored(employee_client, card, name):
    assert_kept_by_no_browser(employee_client.get(reverse("cards:download", args=[name])))


def test_the_card_photo_is_never_stored(employee_client, card_with_photo):
    url = reverse("cards:photo", args=[card_with_photo.photo_id])
    assert_kept_by_no_browser(employee_client.get(url))


def test_a_candidate_photo_and_its_source_are_never_stored(employee_client, employee, card):
    candidate = services.upload_photo_candidate(employee, jpeg_upload(), employee)
    assert_kept_by_no_browser(employee_client.get(reverse("cards:photo", args=[candidate.pk])))
    url = reverse("cards:photo_source", args=[candidate.pk])
    assert_kept_by_no_browser(employee_client.get(url))


def test_the_signed_photo_on_a_verification_result_is_never_stored(client, card_with_photo):
    assert_kept_by_no_browser(client.get(photo_links.photo_link(card_with_photo.photo)))


def test_the_photo_in_the_admin_is_never_stored(client, hr_officer, employee):
    hr_officer.groups.add(ensure_hr_group())
    client.force_login(hr_officer)
    photo = with_photo(employee).photo
    url = reverse("admin:accounts_employee_photo", args=[employee.pk, photo.pk])
    assert_kept_by_no_browser(client.get(url))
