"""The status list is re-published by a job once a status change commits (jobs in-process).

Each test reads the published copy twice: as the shared cache holds it, before any request
(what the job did), and as GET /.well-known/kartu-asn/status serves it, checked with pycose
against the JWKS.
"""

import cbor2
import pytest
from django.core.cache import cache
from django.db import transaction

from cards import outputs, services, status_list
from cards.models import Card
from cards.signing import cose, keys
from tests.factories import EmployeeFactory
from tests.verification.test_wellknown import STATUS, pycose_verifies

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_ring(settings, tmp_path):
    settings.QR_KEY_DIR = tmp_path / "qr_keys"
    settings.QR_SIGNING_KEY = ""


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what waits for the commit (the job, here in-process) when the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def index_of(card) -> int:
    outputs.qr_content(card)  # drawing the card signs it and gives it its place
    return Card.objects.get(pk=card.pk).status_index


def in_the_cache(index: int) -> int:
    """The place's status in the published copy, as the job left it: no request made."""
    message = cache.get(status_list.CACHE_KEY).token
    claims = cbor2.loads(cose.verify1(message, keys.signing_key().public))
    return status_list.status_at(claims[status_list.STATUS_LIST]["lst"], index)


def served(client, index: int) -> tuple[int, str]:
    response = client.get(STATUS)
    claims = cbor2.loads(pycose_verifies(response.content, client))
    return status_list.status_at(claims[status_list.STATUS_LIST]["lst"], index), response["ETag"]


def test_a_revoked_card_is_published_revoked_as_soon_as_the_revocation_commits(
    client, card, hr_officer, committed
):
    index = index_of(card)
    assert served(client, index)[0] == status_list.VALID

    with committed():
        services.revoke_card(card, "Kartu hilang", hr_officer)

    assert in_the_cache(index) == status_list.REVOKED  # published before anyone asked
    status, etag = served(client, index)
    assert status == status_list.REVOKED
    assert etag == cache.get(status_list.CACHE_KEY).etag  # that very copy, not a rebuild


def test_a_reissued_card_is_published_replaced_as_soon_as_the_reissue_commits(
    client, card, hr_officer, committed
):
    index = index_of(card)
    served(client, index)

    with committed():
        card = services.reissue_card(card, hr_officer)

    assert in_the_cache(index) == status_list.REPLACED
    assert served(client, index)[0] == status_list.REPLACED
    new_index = index_of(card)
    assert new_index != index and served(client, new_index)[0] == status_list.VALID


def test_a_burst_of_revocations_is_signed_once_and_every_one_is_served(
    client, agency, hr_officer, committed
):
    cards = [services.card_for(EmployeeFactory(agency=agency)) for _ in range(12)]
    indexes = [index_of(card) for card in cards]
    served(client, indexes[0])

    for card in cards:  # one transaction each, as the admin's bulk action does
        with committed():
            services.revoke_card(card, "Mutasi", hr_officer)

    # The job ran once, for the first commit; the others found it queued.
    assert [in_the_cache(i) for i in indexes] == [status_list.REVOKED] + [status_list.VALID] * 11
    # A request after them is not served that copy: it rebuilds the list first.
    assert [served(client, i)[0] for i in indexes] == [status_list.REVOKED] * 12


def test_running_the_job_again_signs_nothing(client, card, hr_officer, committed):
    index_of(card)
    with committed():
        services.revoke_card(card, "Kartu hilang", hr_officer)
    first = cache.get(status_list.CACHE_KEY)

    assert status_list.publish_status_list.apply().get() is False
    assert cache.get(status_list.CACHE_KEY) == first


def test_a_rolled_back_revocation_publishes_nothing(client, card, hr_officer, committed):
    index = index_of(card)
    first = served(client, index)

    with committed(), pytest.raises(RuntimeError):
        with transaction.atomic():
            services.revoke_card(card, "Kartu hilang", hr_officer)
            raise RuntimeError("the request failed after the revocation")

    assert served(client, index) == first
