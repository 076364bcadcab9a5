"""Rate limits per client address: page views and captcha submissions, shared via the cache."""

import pytest
from captcha.models import CaptchaStore
from django.conf import settings
from django.test import override_settings

from cards.models import new_token
from tests.servers import BrowserLikeClient, gunicorn_servers, require_shared_services
from tests.verification.conftest import captcha_answer, captcha_key, solve, verify_url
from verification.forms import CHALLENGE

pytestmark = pytest.mark.django_db


SMALL = {"VERIFICATION_VIEW_LIMIT": 3, "VERIFICATION_SUBMIT_LIMIT": 2}


def test_the_limits_default_to_120_views_and_30_submissions_per_10_minutes():
    limits = {
        "view": settings.VERIFICATION_VIEW_LIMIT,
        "submit": settings.VERIFICATION_SUBMIT_LIMIT,
    }
    assert limits == {"view": 120, "submit": 30}
    assert settings.VERIFICATION_WINDOW_SECONDS == 600


@override_settings(**SMALL)
def test_too_many_page_views_from_one_address_get_a_polite_429(client):
    statuses = [client.get(verify_url(new_token())).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get(verify_url(new_token()))
    page = response.content.decode()
    assert response.status_code == 429
    assert "Mohon tunggu sebentar" in page and "coba lagi dalam 10 menit" in page
    assert 0 < int(response["Retry-After"]) <= 600
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert 'name="robots" content="noindex,nofollow"' in page
    assert "captcha_0" not in page


@override_settings(**SMALL)
def test_too_many_captcha_submissions_get_a_429_even_with_the_right_answer(client, card):
    url = verify_url(card.token)
    for _ in range(2):
        client.post(url, {"captcha_0": "0" * 40, "captcha_1": "tebak"})
    key = captcha_key(client.get(url).content.decode())
    response = client.post(url, {"captcha_0": key, "captcha_1": captcha_answer(key)})
    assert response.status_code == 429 and "KARTU SAH" not in response.content.decode()


@override_settings(**SMALL)
def test_the_limit_is_per_address(client, card):
    for _ in range(3):
        client.get(verify_url(card.token), REMOTE_ADDR="198.51.100.1")
    assert client.get(verify_url(card.token), REMOTE_ADDR="198.51.100.1").status_code == 429
    assert (
        "KARTU SAH"
        in solve(client, verify_url(card.token), REMOTE_ADDR="198.51.100.2").content.decode()
    )


@override_settings(**SMALL)
def test_addresses_of_one_ipv6_64_share_the_limit(client):
    for n in range(3):
        client.get(verify_url(new_token()), REMOTE_ADDR=f"2001:db8:9:9::{n + 1}")
    same_64 = client.get(verify_url(new_token()), REMOTE_ADDR="2001:db8:9:9:abcd::1")
    next_64 = client.get(verify_url(new_token()), REMOTE_ADDR="2001:db8:9:a::1")
    assert (same_64.status_code, next_64.status_code) == (429, 200)


@override_settings(**SMALL, TRUSTED_PROXIES=0)
def test_a_forged_forwarded_for_header_does_not_escape_the_limit(client):
    for n in range(3):
        client.get(verify_url(new_token()), HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    response = client.get(verify_url(new_token()), HTTP_X_FORWARDED_FOR="10.0.0.99")
    assert response.status_code == 429


@override_settings(**SMALL, TRUSTED_PROXIES=1)
def test_behind_a_trusted_proxy_the_forwarded_address_is_counted(client):
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for _ in range(3):
        client.get(verify_url(new_token()), HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    blocked = client.get(verify_url(new_token()), HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    other = client.get(verify_url(new_token()), HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy)
    assert (blocked.status_code, other.status_code) == (429, 200)


@override_settings(**SMALL)
def test_new_captcha_pictures_count_as_page_views(client):
    statuses = [client.get("/v/captcha/baru/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


@override_settings(**SMALL)
def test_captcha_pictures_count_as_page_views(client):
    picture = f"/captcha/image/{CaptchaStore.generate_key(CHALLENGE)}/"
    client.get(verify_url(new_token()))
    statuses = [client.get(picture).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    response = client.get(picture)
    assert response.status_code == 429 and "Mohon tunggu sebentar" in response.content.decode()
    assert 0 < int(response["Retry-After"]) <= 600


@override_settings(**SMALL)
def test_a_blocked_address_is_told_to_wait_also_for_photos(client, card_with_photo):
    for _ in range(3):
        client.get(verify_url(new_token()))
    assert client.get("/v/foto/1:abc:def/").status_code == 429


@pytest.mark.django_db(transaction=True)
def test_page_views_are_counted_across_two_server_processes(card, tmp_path):
    require_shared_services()
    limit = settings.VERIFICATION_VIEW_LIMIT
    url = verify_url(card.token)
    with gunicorn_servers(2, tmp_path) as (server_a, server_b):
        visitor = BrowserLikeClient()
        statuses = [visitor.get((server_a, server_b)[n % 2] + url)[0] for n in range(limit)]
        assert statuses == [200] * limit
        blocked_a, page = visitor.get(server_a + url)
        blocked_b, _ = visitor.get(server_b + url)
        assert (blocked_a, blocked_b) == (429, 429)
        assert "Mohon tunggu sebentar" in page


@pytest.mark.django_db(transaction=True)
def test_captcha_submissions_are_counted_across_two_server_processes(card, tmp_path):
    require_shared_services()
    limit = settings.VERIFICATION_SUBMIT_LIMIT
    url = verify_url(card.token)
    with gunicorn_servers(2, tmp_path) as (server_a, server_b):
        visitor = BrowserLikeClient()
        for n in range(limit):
            status, _ = visitor.post_form((server_a, server_b)[n % 2] + url, {"captcha_1": "tebak"})
            assert status == 400
        # A correctly solved captcha on the other server is still refused.
        status, page = visitor.get(server_b + url)
        key = captcha_key(page)
        status, page = visitor.post_form(
            server_b + url, {"captcha_0": key, "captcha_1": captcha_answer(key)}
        )
        assert status == 429 and "KARTU SAH" not in page
        assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
