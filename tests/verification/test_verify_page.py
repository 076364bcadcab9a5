"""/v/<token>/ before and at the captcha: the page is no oracle, and captchas work once."""

import re

import pytest
from captcha.models import CaptchaStore
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from cards.models import new_token
from tests.verification.conftest import captcha_answer, captcha_key, solve, verify_url
from verification.models import VerificationEvent

pytestmark = pytest.mark.django_db

MALFORMED = "bukan-token-<b>&x=1"


def _without_the_captcha(response) -> str:
    """The page with what must differ removed: the captcha's key and picture, the CSRF
    token (masked anew on every render), and the address the visitor opened."""
    page = response.content.decode()
    page = re.sub(r"[0-9a-f]{40}", "CAPTCHA", page)
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", page)
    return page.replace(escape(response.wsgi_request.get_full_path()), "ADDRESS")


def test_pre_captcha_pages_are_identical_for_valid_unknown_revoked_and_malformed_tokens(
    client, card, revoked_card
):
    tokens = {
        "valid": card.token,
        "unknown": new_token(),
        "revoked": revoked_card.token,
        "malformed": MALFORMED,
    }
    pages = {}
    for kind, token in tokens.items():
        response = client.get(verify_url(token))
        assert response.status_code == 200, kind
        assert [t.name for t in response.templates][0] == "verification/verify.html"
        pages[kind] = _without_the_captcha(response)
    assert pages["unknown"] == pages["valid"]
    assert pages["revoked"] == pages["valid"]
    assert pages["malformed"] == pages["valid"]


def test_pre_captcha_page_shows_no_personal_data(client, card, employee):
    page = client.get(verify_url(card.token)).content.decode()
    for secret in (employee.name, employee.nip, employee.formatted_nip, card.number,
                   employee.agency.name, employee.position):  # fmt: skip
        assert secret not in page


def test_the_card_is_not_looked_up_before_the_captcha_is_solved(client, card):
    with CaptureQueriesContext(connection) as queries:
        client.get(verify_url(card.token))
    assert not [q for q in queries if "cards_" in q["sql"] or "accounts_" in q["sql"]]


def test_pre_captcha_page_explains_and_has_a_labelled_captcha(client, card):
    page = client.get(verify_url(card.token)).content.decode()
    assert "Periksa keaslian kartu" in page
    assert '<label for="id_captcha_1">Kode keamanan</label>' in page
    assert 'id="id_captcha_1"' in page
    assert re.search(r'<img class="captcha__image" src="/captcha/image/[0-9a-f]{40}/"', page)
    assert 'data-captcha-refresh="/v/captcha/baru/"' in page
    assert "js/captcha.js" in page


def test_verification_pages_are_neither_cached_nor_indexed(client, card):
    url = verify_url(card.token)
    for response in (client.get(url), solve(client, url), client.post(url, {})):
        assert "no-store" in response["Cache-Control"]
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert '<meta name="robots" content="noindex,nofollow">' in response.content.decode()


def test_a_wrong_captcha_shows_a_fresh_captcha_and_no_data(client, card, employee):
    url = verify_url(card.token)
    first_key = captcha_key(client.get(url).content.decode())
    response = client.post(url, {"captcha_0": first_key, "captcha_1": "salah"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Kode keamanan salah atau sudah kedaluwarsa" in page
    assert captcha_key(page) != first_key
    assert CaptchaStore.objects.filter(hashkey=captcha_key(page)).exists()
    assert employee.name not in page and card.number not in page and "KARTU" not in page
    assert not VerificationEvent.objects.exists()


def test_a_wrong_answer_uses_up_the_captcha(client, card):
    url = verify_url(card.token)
    key = captcha_key(client.get(url).content.decode())
    answer = captcha_answer(key)
    client.post(url, {"captcha_0": key, "captcha_1": "salah"})
    response = client.post(url, {"captcha_0": key, "captcha_1": answer})
    assert response.status_code == 400 and "KARTU SAH" not in response.content.decode()


def test_a_captcha_answer_cannot_be_replayed(client, card):
    url = verify_url(card.token)
    key = captcha_key(client.get(url).content.decode())
    answer = captcha_answer(key)
    first = client.post(url, {"captcha_0": key, "captcha_1": answer})
    assert "KARTU SAH" in first.content.decode()
    replay = client.post(url, {"captcha_0": key, "captcha_1": answer})
    assert replay.status_code == 400
    assert "KARTU SAH" not in replay.content.decode()
    assert "Kode keamanan salah atau sudah kedaluwarsa" in replay.content.decode()
    assert VerificationEvent.objects.count() == 1


def test_a_captcha_solved_for_one_token_is_gone_for_another(client, card, revoked_card):
    key = captcha_key(client.get(verify_url(card.token)).content.decode())
    answer = captcha_answer(key)
    client.post(verify_url(card.token), {"captcha_0": key, "captcha_1": answer})
    response = client.post(verify_url(revoked_card.token), {"captcha_0": key, "captcha_1": answer})
    assert "KARTU DICABUT" not in response.content.decode()


def test_an_empty_answer_asks_for_the_letters(client, card):
    url = verify_url(card.token)
    key = captcha_key(client.get(url).content.decode())
    page = client.post(url, {"captcha_0": key, "captcha_1": "  "}).content.decode()
    assert "Ketik huruf yang terlihat pada gambar." in page


def test_answers_are_accepted_in_capitals_and_with_spaces_around(client, card):
    url = verify_url(card.token)
    key = captcha_key(client.get(url).content.decode())
    answer = f"  {captcha_answer(key).upper()} "
    page = client.post(url, {"captcha_0": key, "captcha_1": answer}).content.decode()
    assert "KARTU SAH — PEGAWAI AKTIF" in page


def test_captcha_letters_have_no_look_alikes(client, card):
    for _ in range(20):
        key = captcha_key(client.get(verify_url(card.token)).content.decode())
        challenge = CaptchaStore.objects.get(hashkey=key).challenge
        assert len(challenge) == 5 and not set(challenge) & set("IL0OQ1")


def test_a_forged_very_long_token_gets_the_same_page(client):
    response = client.get(verify_url("A" * 5000))
    assert response.status_code == 200
    assert "Periksa keaslian kartu" in response.content.decode()


def test_other_methods_are_refused(client, card):
    response = client.put(verify_url(card.token))
    assert response.status_code == 405 and "no-store" in response["Cache-Control"]
