import pytest

pytestmark = pytest.mark.django_db


def test_logout_requires_post(employee_client):
    assert employee_client.get("/logout/").status_code == 405
    assert employee_client.get("/").status_code == 200


def test_logout_by_post_ends_the_session(employee_client):
    response = employee_client.post("/logout/")
    assert response.status_code == 302
    assert employee_client.get("/").status_code == 302


def test_indonesian_is_the_default_even_for_an_english_browser(client):
    page = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="id"' in page and "Masuk ke MySAPK" in page
