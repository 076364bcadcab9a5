"""The employee's side of the portal answers any input below 500: login, password reset,
language, the card page's layout choice and downloads, and every field of the photo page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from cards import services
from cards.models import PhotoVersion
from tests.factories import EmployeeFactory
from tests.fuzzing import answered, file_name, fresh_client, fuzz, nasty, number, segment
from tests.portrait import jpeg_upload

pytestmark = pytest.mark.django_db

CARD = "/layanan/kartu-asn/"


@pytest.fixture
def holder(db):
    """An employee with a card and a photo candidate waiting on the photo page."""
    employee = EmployeeFactory()
    services.card_for(employee)
    services.upload_photo_candidate(employee, jpeg_upload(), employee)
    return employee


@pytest.mark.parametrize("view", ["foto/gunakan/", "foto/potong/"])
def test_a_photo_number_beyond_any_id_is_refused_not_a_server_error(holder, view):
    data = {"candidate": "99999999999999999999999999", "zoom": "100", "x": "50", "y": "50"}
    response = fresh_client(holder).post(f"{CARD}{view}", data)
    assert response.status_code == 302


@fuzz
@given(nip=nasty, password=nasty, next_url=nasty, captcha=st.tuples(nasty, nasty))
def test_the_login_form_answers_any_input(db, nip, password, next_url, captcha):
    client = fresh_client()
    answered(client.get("/login/", {"next": next_url}))
    answered(
        client.post(
            f"/login/?next={segment(next_url)}",
            {
                "nip": nip,
                "password": password,
                "next": next_url,
                "captcha_0": captcha[0],
                "captcha_1": captcha[1],
            },
        )  # fmt: skip
    )


@fuzz
@given(code=nasty, decision=nasty, number_picked=number)
def test_qr_login_endpoints_answer_any_input(holder, code, decision, number_picked):
    anonymous = fresh_client()
    answered(anonymous.post("/login/qr/baru/", {"x": code}))
    answered(anonymous.post("/login/qr/status/", {"code": code}))
    phone = fresh_client(holder)
    path = f"/login/qr/{segment(code)}/"
    answered(phone.get(path))
    answered(phone.post(path, {"keputusan": decision, "angka": number_picked}))


@fuzz
@given(nip=nasty, uid=nasty, token=nasty, language=nasty, next_url=nasty)
def test_password_reset_and_language_answer_any_input(db, nip, uid, token, language, next_url):
    client = fresh_client()
    answered(client.post("/lupa-password/", {"nip": nip}))
    answered(client.get(f"/atur-password/{segment(uid)}/{segment(token)}/"))
    answered(client.post("/i18n/setlang/", {"language": language, "next": next_url}))


@fuzz
@given(orientation=nasty, download=nasty, photo_id=number, device_id=number, param=nasty)
def test_the_card_page_layout_choice_and_downloads_answer_any_input(
    holder, orientation, download, photo_id, device_id, param
):
    client = fresh_client(holder)
    answered(client.get(CARD, {"tata_letak": param, param[:100]: param}))
    answered(client.post(f"{CARD}tata-letak/", {"orientation": orientation}))
    answered(client.get(f"{CARD}unduh/{segment(download)}"))
    answered(client.get(f"{CARD}foto/{segment(photo_id)}.jpg", {"v": param}))
    answered(client.get(f"{CARD}foto/{segment(photo_id)}/sumber.jpg"))
    answered(client.post(f"/akun/perangkat/{segment(device_id)}/keluar/"))


@fuzz
@given(candidate=number, zoom=number, x=number, y=number)
def test_the_photo_crop_and_confirm_fields_answer_any_input(holder, candidate, zoom, x, y):
    client = fresh_client(holder)
    waiting = PhotoVersion.objects.filter(employee=holder, status="candidate").first()
    for picked in (candidate, str(waiting.pk) if waiting else candidate):
        answered(
            client.post(f"{CARD}foto/potong/", {"candidate": picked, "zoom": zoom, "x": x, "y": y})
        )
    answered(client.post(f"{CARD}foto/gunakan/", {"candidate": candidate}))


@fuzz
@given(name=nasty, content=st.binary(max_size=4_000), extra=nasty)
def test_the_photo_upload_answers_any_file(holder, name, content, extra):
    client = fresh_client(holder)
    upload = SimpleUploadedFile(file_name(name, "foto.jpg"), content, content_type=extra[:100])
    answered(client.post(f"{CARD}foto/", {"photo": upload, "photo-clear": extra}))
