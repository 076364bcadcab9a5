"""The signed status list: two bits for each place in the status list, signed like the cards.

A card's signed payload carries its index in this list; a verifier fetches the list once,
caches it, and reads the card's two bits: 0 valid, 1 revoked, 2 replaced (an index that a
re-issued card left behind). The shape is the IETF Token Status List as a CWT
(draft-ietf-oauth-status-list): claims sub (2), iat (6), exp (4), ttl (65534) and
status_list (65533) = {"bits": 2, "lst": the zlib-compressed bytes}, where index i is in byte
i // 4 at bit 2 * (i % 4), least significant first; the protected header names the type.
It is signed as COSE_Sign1 by the key that signs the cards, so the JWKS checks both.

The list is made from cards and signed with the card key, so it lives here; the verification
app only serves it. The published copy is kept in the shared cache with the change count it
was built at. `changed()`, called by every service that changes a card's status, counts a
change once it commits and queues `publish_status_list`: a burst of changes (a mass revoke)
queues one job, which runs a few seconds later and signs once. A request that finds the copy
older than a change, or older than TTL_SECONDS, rebuilds it at once, so nobody is served a
list that a committed change has made wrong. One process builds at a time (a cache lock):
a build reads the database after the previous one stored its copy, so the newest wins.
"""

import datetime as dt
import hashlib
import logging
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

import cbor2
from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F, Max
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnreachable

from cards.models import Card, RetiredToken, StatusListSlot
from cards.signing import cose, keys

logger = logging.getLogger(__name__)

BITS = 2
VALID, REVOKED, REPLACED = 0, 1, 2
TTL_SECONDS = 60
LIFETIME = dt.timedelta(days=1)  # an offline verifier says "status as of <iat>" until then
PATH = "/.well-known/kartu-asn/status"
CONTENT_TYPE = "application/statuslist+cwt"
SUB, ISSUED_AT, EXPIRES, TTL, STATUS_LIST = 2, 6, 4, 65534, 65533
TYP = 16  # COSE header parameter "typ" (RFC 9596)

CACHE_KEY = "kartu-asn:status-list"
REBUILD_LOCK = "kartu-asn:status-list:rebuilding"
CHANGES = "kartu-asn:status-list:changes"  # how many status changes have committed
QUEUED = "kartu-asn:status-list:queued"  # a publishing job is waiting to run
COALESCE_SECONDS = 5  # the job waits this long, so a burst of changes is signed once
QUEUED_SECONDS = 50  # a job that never ran does not stop the next change queueing one
SPARE_PLACES = 1 << 16


@dataclass(frozen=True)
class Published:
    token: bytes
    issued_at: dt.datetime
    changes: int | None = None  # the change count when the database was read

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.token).hexdigest()[:32] + '"'


def compress(size: int, statuses: Iterable[tuple[int, int]]) -> bytes:
    """The list of `size` places, every one valid but those given as (index, status)."""
    bits = bytearray((size * BITS + 7) // 8)
    for index, status in statuses:
        byte, shift = divmod(index * BITS, 8)
        bits[byte] = bits[byte] & ~(0b11 << shift) | status << shift
    return zlib.compress(bytes(bits), 9)


def status_at(compressed: bytes, index: int) -> int:
    byte, shift = divmod(index * BITS, 8)
    return zlib.decompress(compressed)[byte] >> shift & 0b11


def current_statuses() -> tuple[int, Iterable[tuple[int, int]]]:
    """How many places there are, and the (index, status) of every place not valid."""
    last = StatusListSlot.objects.aggregate(last=Max("pk"))["last"] or 0
    # Room for the places handed out before the next rebuild (zeros compress to almost
    # nothing), and the number of cards is not told to the byte.
    size = (last // SPARE_PLACES + 2) * SPARE_PLACES
    placed = Card.objects.filter(status_index__isnull=False)
    revoked = placed.filter(revoked_at__isnull=False, status_token=F("token"))
    # A re-issued card keeps its old place until it is next drawn and signed anew.
    left_by_reissue = placed.exclude(status_token=F("token"))
    retired = RetiredToken.objects.filter(status_index__isnull=False)

    def statuses():
        for index in revoked.values_list("status_index", flat=True).iterator():
            yield index, REVOKED
        for query in (left_by_reissue, retired):
            for index in query.values_list("status_index", flat=True).iterator():
                yield index, REPLACED

    return size, statuses()


def sign(now: dt.datetime) -> bytes:
    size, statuses = current_statuses()
    claims = {
        SUB: settings.PUBLIC_BASE_URL + PATH,
        ISSUED_AT: int(now.timestamp()),
        EXPIRES: int((now + LIFETIME).timestamp()),
        TTL: TTL_SECONDS,
        STATUS_LIST: {"bits": BITS, "lst": compress(size, statuses)},
    }
    key = keys.signing_key()
    return cose.sign1(cbor2.dumps(claims), key.private, key.kid, {TYP: CONTENT_TYPE})


# ---- Publishing --------------------------------------------------------------------------


def published() -> Published:
    """The list as served now: the published copy, rebuilt first when a status change has
    committed since it was built or it is TTL_SECONDS old. While another process rebuilds
    it, the copy it replaces is served."""
    found = cache.get_many([CACHE_KEY, CHANGES])  # one round trip to the shared cache
    current = found.get(CACHE_KEY)
    if current is not None and not _stale(current, found.get(CHANGES)):
        return current
    return publish() or current or Published(sign(timezone.now()), timezone.now())


def _stale(current: Published, changes: int | None) -> bool:
    age = timezone.now() - current.issued_at
    return age >= dt.timedelta(seconds=TTL_SECONDS) or current.changes != changes


def publish() -> Published | None:
    """Sign the list as the database has it and make it the published copy; None when
    another process is doing so (its copy is at least as new as the database was then)."""
    if not cache.add(REBUILD_LOCK, 1, TTL_SECONDS):
        return None
    try:
        changes = _changes()  # read before the database: a change after it makes this stale
        now = timezone.now()
        current = Published(sign(now), now, changes)
        cache.set(CACHE_KEY, current, int(LIFETIME.total_seconds()))
        return current
    finally:
        cache.delete(REBUILD_LOCK)


def _changes() -> int:
    cache.add(CHANGES, 0, None)  # kept for good; a lost count only costs a rebuild
    return cache.get(CHANGES, 0)


def changed() -> None:
    """A card's status changes in the current transaction: once it commits, the published
    copy is out of date and a job re-publishes the list."""
    # robust: publishing never fails the change itself; the next request rebuilds instead.
    transaction.on_commit(_after_commit, robust=True)


def _after_commit() -> None:
    try:
        cache.incr(CHANGES)
    except ValueError:  # the count was evicted: a value no copy was built at makes them stale
        cache.set(CHANGES, time.time_ns(), None)
    if not cache.add(QUEUED, 1, QUEUED_SECONDS):
        return  # a job already waits, and it reads the database after this commit
    try:
        publish_status_list.apply_async(countdown=COALESCE_SECONDS)
    except BrokerUnreachable:
        cache.delete(QUEUED)
        logger.warning("Task broker unreachable: the status list is rebuilt on its next request")


TRANSIENT = (OperationalError, InterfaceError)


@shared_task(bind=True, autoretry_for=TRANSIENT, retry_backoff=2, max_retries=8)
def publish_status_list(task) -> bool:
    """Re-publish the list unless the published copy already includes every committed change.
    Returns whether it signed. Run twice, the second run finds nothing to do."""
    if not task.request.is_eager:
        # From now on a change queues a new job. (Run in the process that asks for it, the
        # marker is left to expire: then it spaces the signatures of a burst instead.)
        cache.delete(QUEUED)
    current = cache.get(CACHE_KEY)
    if current is not None and current.changes == _changes():
        return False
    if publish() is not None:
        return True
    # Another process is building, perhaps from before the latest change: try again soon.
    if not task.request.is_eager:
        raise task.retry(countdown=1, max_retries=30)
    return False
