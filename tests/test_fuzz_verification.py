"""The public verification pages answer any input below 500: the token in the path, the
captcha fields (also once solved, so the token reaches the look-up), the new-captcha and
captcha-picture endpoints, and the signed photo link."""

import re

import pytest
from captcha.models import CaptchaStore
from hypothesis import given
from hypothesis import strategies as st

from cards import services
from tests.factories import EmployeeFactory, with_photo
from tests.fuzzing import answered, fresh_client, fuzz, nasty, segment

pytestmark = pytest.mark.django_db

HASHKEY = re.compile(r'name="captcha_0" value="([0-9a-f]{40})"')


@pytest.fixture
def card(db):
    """A card in force, with a photo, so a real token leads to a result with a photo link."""
    employee = EmployeeFactory()
    with_photo(employee)
    return services.card_for(employee)


@fuzz
@given(token=nasty, key=nasty, answer=nasty, param=nasty)
def test_the_verification_page_answers_any_token_and_captcha(card, token, key, answer, param):
    client = fresh_client()
    path = f"/v/{segment(token)}/"
    answered(client.get(path, {"q": param}))
    answered(client.post(path, {"captcha_0": key, "captcha_1": answer}))
    answered(client.post(path, {"captcha_0": key}))


@fuzz
@given(token=st.one_of(nasty, st.just("")), suffix=nasty)
def test_a_solved_captcha_takes_any_token_to_the_look_up(card, token, suffix):
    client = fresh_client()
    for candidate in (token, card.token + suffix[:50], card.token):
        path = f"/v/{segment(candidate) or card.token}/"
        page = client.get(path)
        answered(page)
        if not (key := HASHKEY.search(page.content.decode())):
            continue  # "../" in a token leads to another URL, which has no captcha
        answer = CaptchaStore.objects.get(hashkey=key.group(1)).response
        answered(client.post(path, {"captcha_0": key.group(1), "captcha_1": answer}))


@fuzz
@given(signed=nasty, key=nasty, param=nasty)
def test_photo_links_and_captcha_pictures_answer_any_input(card, signed, key, param):
    client = fresh_client()
    answered(client.get(f"/v/foto/{segment(signed)}/"))
    answered(client.get("/v/captcha/baru/", {"k": param}))
    answered(client.get(f"/captcha/image/{segment(key)}/"))
