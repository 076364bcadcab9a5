"""The status list re-published by a real Celery worker once a status change commits.

The worker is a process of its own on the test database and Redis (tests/jobs_workers.py);
this process only enqueues. The test waits for the published copy in the shared cache to
change without making a request, then checks that GET serves that very copy, signed.
Skipped unless DATABASE_URL is PostgreSQL and REDIS_URL is set.
"""

import re

import cbor2
import pytest
from django.core.cache import cache

from cards import outputs, services, status_list
from cards.models import Card
from cards.signing import cose, keys
from mysapk.celery import app
from tests.factories import EmployeeFactory
from tests.jobs_workers import wait_for, workers
from tests.servers import require_shared_services
from tests.verification.test_wellknown import STATUS, pycose_verifies

pytestmark = pytest.mark.django_db(transaction=True)
SIGNED = re.compile(r"publish_status_list\[[^]]+\] succeeded in [^:]+: True")
JOB_SECONDS = 120  # generous: two shared cores and a cold worker; the job itself waits 5 s


@pytest.fixture
def worker(tmp_path, monkeypatch):
    require_shared_services()
    monkeypatch.setitem(app.conf, "task_always_eager", False)  # this process only enqueues
    with workers(tmp_path) as start:
        yield start()


def index_of(card) -> int:
    outputs.qr_content(card)
    return Card.objects.get(pk=card.pk).status_index


def in_the_cache(index: int) -> int | None:
    copy = cache.get(status_list.CACHE_KEY)
    if copy is None:
        return None
    claims = cbor2.loads(cose.verify1(copy.token, keys.signing_key().public))
    return status_list.status_at(claims[status_list.STATUS_LIST]["lst"], index)


def served(client, index: int) -> tuple[int, str]:
    response = client.get(STATUS)
    claims = cbor2.loads(pycose_verifies(response.content, client))
    return status_list.status_at(claims[status_list.STATUS_LIST]["lst"], index), response["ETag"]


def test_a_worker_publishes_a_revocation_without_any_request(worker, client, card, hr_officer):
    index = index_of(card)
    assert served(client, index)[0] == status_list.VALID

    services.revoke_card(card, "Kartu hilang", hr_officer)  # commits: the job is queued

    wait_for(lambda: in_the_cache(index) == status_list.REVOKED, JOB_SECONDS, "the worker")
    assert served(client, index) == (status_list.REVOKED, cache.get(status_list.CACHE_KEY).etag)
    assert len(SIGNED.findall(worker.output())) == 1


def test_a_worker_publishes_a_reissue_and_a_burst_in_few_signatures(
    worker, client, card, hr_officer, agency
):
    index = index_of(card)
    others = [services.card_for(EmployeeFactory(agency=agency)) for _ in range(8)]
    other_indexes = [index_of(other) for other in others]
    served(client, index)

    services.reissue_card(card, hr_officer)
    for other in others:
        services.revoke_card(other, "Mutasi", hr_officer)

    wait_for(
        lambda: (
            [in_the_cache(i) for i in [index, *other_indexes]]
            == [status_list.REPLACED] + [status_list.REVOKED] * 8
        ),
        JOB_SECONDS,
        "the worker",
    )
    assert served(client, index)[0] == status_list.REPLACED
    # Nine changes within a second or two: one signature, two or three if the burst straddled
    # the start of a job (each job waits 5 s), never one per change.
    assert len(SIGNED.findall(worker.output())) <= 3
