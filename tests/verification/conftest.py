"""Personas and helpers for the public verification pages.

The captcha is solved the way django-simple-captcha's own tests do it: read the hashkey from
the page and look its answer up in CaptchaStore. Test mode stays off.
"""

import re

import pytest
from captcha.models import CaptchaStore

from cards import services
from tests.factories import EmployeeFactory

HASHKEY = re.compile(r'name="captcha_0" value="([0-9a-f]{40})"')


def verify_url(token: str) -> str:
    return f"/v/{token}/"


def captcha_key(page: str) -> str:
    return HASHKEY.search(page).group(1)


def captcha_answer(key: str) -> str:
    return CaptchaStore.objects.get(hashkey=key).response


def solve(client, url: str, **extra):
    """Open the page, solve its captcha, submit: the response a member of the public gets."""
    key = captcha_key(client.get(url, **extra).content.decode())
    return client.post(url, {"captcha_0": key, "captcha_1": captcha_answer(key)}, **extra)


@pytest.fixture
def revoked_card(other_employee, hr_officer):
    card = services.card_for(other_employee)
    return services.revoke_card(card, "Kartu hilang", hr_officer)


@pytest.fixture
def replaced_token(agency, hr_officer):
    """The token printed on a card before it was re-issued."""
    card = services.card_for(EmployeeFactory(agency=agency, name="Rudi Hartono"))
    old_token = card.token
    services.reissue_card(card, hr_officer)
    return old_token


@pytest.fixture
def retired_card(agency):
    """A card issued while its owner was active; the owner has since retired."""
    owner = EmployeeFactory(agency=agency, name="Bambang Sutrisno", front_title="Drs.")
    card = services.card_for(owner)
    owner.status = owner.Status.RETIRED
    owner.save()
    return card
