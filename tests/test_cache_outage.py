"""With Redis unreachable: health says 503, every page a friendly 503, and nothing gets through.

Logins and verifications are counted in Redis; without the counters they are refused (fail
closed), never let through uncounted and never answered with a 500. Redis here is really
unreachable: nothing listens on 127.0.0.1 port 1.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager

import pytest
from captcha.models import CaptchaStore
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.handlers.exception import convert_exception_to_response
from django.test import Client

from mysapk.outage import CacheOutageMiddleware
from tests.servers import BrowserLikeClient, _free_port
from tests.verification.conftest import captcha_answer, verify_url
from verification.forms import CHALLENGE
from verification.models import VerificationEvent

UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"
FRIENDLY = "Layanan sedang terganggu"


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": UNREACHABLE_REDIS,
        },
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"


@pytest.fixture
def visitor(redis_down):
    """A browser; exceptions Django reports are not re-raised, as none reach a real browser."""
    return Client(raise_request_exception=False)


def assert_friendly_503(response):
    page = response.content.decode()
    assert response.status_code == 503 and FRIENDLY in page
    assert 'lang="id"' in page and int(response["Retry-After"]) > 0
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_says_503_naming_the_cache(visitor):
    response = visitor.get("/healthz/")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "cache": "ConnectionError"}


@pytest.mark.django_db
def test_healthz_checks_the_cache_with_a_round_trip(client):
    assert client.get("/healthz/").json() == {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_a_right_password_is_refused_when_failures_cannot_be_counted(visitor, employee, password):
    response = visitor.post("/login/", {"nip": employee.nip, "password": password})
    assert_friendly_503(response)
    assert not response.cookies.get(django_settings.SESSION_COOKIE_NAME)


@pytest.mark.django_db
def test_verification_is_refused_before_and_after_the_captcha(visitor, card):
    url = verify_url(card.token)
    assert_friendly_503(visitor.get(url))
    key = CaptchaStore.generate_key(CHALLENGE)  # a captcha drawn before Redis went away
    assert_friendly_503(visitor.post(url, {"captcha_0": key, "captcha_1": captcha_answer(key)}))
    assert not VerificationEvent.objects.exists()


def test_a_failure_outside_any_view_gets_the_page_too(redis_down, rf):
    """Django answers a middleware's exception with a 500 before outer middleware sees it."""

    def session_middleware_saving(request):
        caches["default"].set("session", "data")

    inner = convert_exception_to_response(session_middleware_saving)
    assert_friendly_503(CacheOutageMiddleware(inner)(rf.get("/")))


@pytest.mark.django_db
def test_the_page_is_in_english_when_english_was_chosen(visitor, card):
    visitor.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    response = visitor.get(verify_url(card.token))
    page = response.content.decode()
    assert response.status_code == 503 and 'lang="en"' in page
    assert "Service temporarily unavailable" in page and FRIENDLY not in page


@pytest.mark.django_db
def test_production_mode_gets_the_same_page(visitor, settings):
    settings.DEBUG = False
    assert_friendly_503(visitor.post("/login/", {"nip": "198609262015051001", "password": "x"}))


def test_a_redis_that_never_answers_fails_the_request_instead_of_hanging_it():
    # Connections to a socket nobody reads are accepted by the kernel and then stay silent.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        script = (
            "import django; django.setup(); from django.test import Client; "
            "print(Client(raise_request_exception=False).get('/v/AAAA/').status_code)"
        )
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": "",
            "REDIS_URL": f"redis://127.0.0.1:{silent.getsockname()[1]}/0",
            "REDIS_TIMEOUT_SECONDS": "1",
        }
        out = subprocess.run(
            [sys.executable, "-c", script],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            cwd=django_settings.BASE_DIR,
        )
    assert out.stdout.split() == ["503"], out.stderr[-2000:]


@contextmanager
def portal_without_redis(data_dir):
    """A gunicorn server whose REDIS_URL points at a closed port, on a SQLite file of its own."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mysapk.settings",
        "DEBUG": "1",
        "DATA_DIR": str(data_dir),
        "DATABASE_URL": "",
        "REDIS_URL": UNREACHABLE_REDIS,
    }
    run = {"env": env, "cwd": django_settings.BASE_DIR, "check": True, "timeout": 120}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], **run)
    port = _free_port()
    command = [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        [*command, "mysapk.wsgi"],
        env=env,
        cwd=django_settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_an_answer(url)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


def _wait_for_an_answer(url: str, attempts: int = 150):
    for _attempt in range(attempts):
        try:
            urllib.request.urlopen(url + "/healthz/", timeout=5)
            return
        except urllib.error.HTTPError:  # an answer, even a 503, means the server is up
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise RuntimeError(f"server at {url} did not start")


def _post_with_csrf(url: str, data: dict) -> tuple[int, str]:
    """A form post as a browser makes it, without first opening the page (it may be a 503)."""
    token = "x" * 32  # an unmasked CSRF secret, sent as the cookie and as the form field
    body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
    request = urllib.request.Request(url, body, headers={"Cookie": f"csrftoken={token}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_a_live_server_without_redis_answers_503_and_never_500(tmp_path):
    with portal_without_redis(tmp_path) as server:
        health = BrowserLikeClient().get(server + "/healthz/")
        login = _post_with_csrf(server + "/login/", {"nip": "198609262015051001", "password": "x"})
        verification = BrowserLikeClient().get(server + verify_url("A" * 26))
        submission = _post_with_csrf(server + verify_url("A" * 26), {"captcha_1": "ABCDE"})
    assert health[0] == 503 and '"cache": "ConnectionError"' in health[1]
    for status, page in (login, verification, submission):
        assert status == 503 and FRIENDLY in page
