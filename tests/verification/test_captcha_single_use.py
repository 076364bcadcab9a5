"""A solved captcha opens one record, even when the answer is sent many times at once."""

from datetime import timedelta

import pytest
from captcha.models import CaptchaStore
from django.utils import timezone

from accounts.captcha import consume
from tests.servers import BrowserLikeClient, at_once, gunicorn_servers, require_shared_services
from tests.verification.conftest import captcha_answer, captcha_key, verify_url
from verification.models import VerificationEvent

pytestmark = pytest.mark.django_db

PARALLEL = 12
ROUNDS = 3


def _captcha(**fields) -> CaptchaStore:
    return CaptchaStore.objects.create(challenge="ABCDE", response="abcde", **fields)


def test_the_right_answer_is_accepted_once():
    store = _captcha()
    assert consume(store.hashkey, " ABCDE ") is True
    assert consume(store.hashkey, "abcde") is False


def test_a_wrong_answer_uses_the_captcha_up():
    store = _captcha()
    assert consume(store.hashkey, "salah") is False
    assert consume(store.hashkey, "abcde") is False
    assert not CaptchaStore.objects.filter(pk=store.pk).exists()


def test_an_expired_captcha_is_refused_and_removed():
    store = _captcha(expiration=timezone.now() - timedelta(seconds=1))
    assert consume(store.hashkey, "abcde") is False
    assert not CaptchaStore.objects.filter(pk=store.pk).exists()


def test_an_unknown_key_is_refused():
    assert consume("0" * 40, "abcde") is False


def test_the_test_mode_answer_opens_nothing(client, card, monkeypatch):
    monkeypatch.setattr("captcha.conf.settings.CAPTCHA_TEST_MODE", True)
    url = verify_url(card.token)
    key = captcha_key(client.get(url).content.decode())
    response = client.post(url, {"captcha_0": key, "captcha_1": "passed"})
    assert response.status_code == 400 and "KARTU SAH" not in response.content.decode()


def _race(servers: list[str], url: str) -> list[tuple[int, str]]:
    """Solve one captcha, then send the answer from PARALLEL visitors at once."""
    key = captcha_key(BrowserLikeClient().get(servers[0] + url)[1])
    answer = {"captcha_0": key, "captcha_1": captcha_answer(key)}
    posts = []
    for n in range(PARALLEL):
        # Each visitor has its own CSRF cookie and token, ready before the race starts.
        visitor, target = BrowserLikeClient(), servers[n % len(servers)] + url
        token = visitor.open_form(target)
        posts.append(lambda v=visitor, t=target, k=token: v.submit_form(t, answer, k))
    return at_once(*posts)


@pytest.mark.django_db(transaction=True)
def test_parallel_submissions_of_one_solved_captcha_open_the_record_once(card, tmp_path):
    require_shared_services()
    url = verify_url(card.token)
    roomy = {"VERIFICATION_VIEW_LIMIT": "1000", "VERIFICATION_SUBMIT_LIMIT": "1000"}
    with gunicorn_servers(2, tmp_path, workers=3, extra_env=roomy) as servers:
        # A lost race shows only when requests interleave just so: run it a few times.
        for race in range(1, ROUNDS + 1):
            results = _race(servers, url)
            statuses = sorted(status for status, _page in results)
            assert statuses == [200] + [400] * (PARALLEL - 1), f"race {race}"
            assert sum("KARTU SAH" in page for _status, page in results) == 1
            assert VerificationEvent.objects.count() == race
