"""The page frame (templates/base.html) keeps its fixed parts per language in each process.

What differs per visitor must never come from those kept parts: the language chosen, whether
someone is logged in, the page the language switch returns to, and the CSRF token. The cache
is not cleared between the requests of a test, as in a running server.
"""

import re

import pytest
from django.middleware.csrf import _unmask_cipher_token

from tests.verification.conftest import solve, verify_url

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NEXT = re.compile(r'name="next" value="([^"]*)"')


def test_the_frame_follows_the_language_of_each_visitor(client, card):
    indonesian = solve(client, verify_url(card.token)).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = solve(client, verify_url(card.token)).content.decode()
    assert 'lang="id"' in indonesian and "Langsung ke isi" in indonesian
    assert "layanan kepegawaian untuk Aparatur Sipil Negara" in indonesian
    assert 'lang="en"' in english and "Langsung ke isi" not in english
    assert "layanan kepegawaian" not in english
    assert re.search(r'value="en" aria-pressed="true"', english)
    assert re.search(r'value="id" aria-pressed="true"', indonesian)
    client.post("/i18n/setlang/", {"language": "id", "next": "/"})
    again = solve(client, verify_url(card.token)).content.decode()
    assert 'lang="id"' in again and "Langsung ke isi" in again


def test_the_frame_follows_login_page_and_csrf_token(client, employee, card):
    public = client.get("/login/").content.decode()
    assert 'class="brand__link" href="/login/"' in public
    assert NEXT.search(public).group(1) == "/login/"
    client.force_login(employee)
    home = client.get("/").content.decode()
    assert 'class="brand__link" href="/"' in home
    assert NEXT.search(home).group(1) == "/"
    assert 'class="mainnav"' in home and f'data-pengguna="{employee.pk}"' in home
    services_page = client.get("/layanan/").content.decode()
    assert NEXT.search(services_page).group(1) == "/layanan/"
    # The language switch carries the token of each visitor's own CSRF cookie.
    other = type(client)()
    for visitor, path in ((client, "/"), (other, "/login/")):
        token = CSRF.search(visitor.get(path).content.decode()).group(1)
        assert _unmask_cipher_token(token) == visitor.cookies["csrftoken"].value
    assert client.cookies["csrftoken"].value != other.cookies["csrftoken"].value
    client.logout()
    assert 'class="brand__link" href="/login/"' in client.get("/login/").content.decode()
