"""The signed status list: two bits for each place in the status list, signed like the cards.

A card's signed payload carries its index in this list; a verifier fetches the list once,
caches it, and reads the card's two bits: 0 valid, 1 revoked, 2 replaced (an index that a
re-issued card left behind). The shape is the IETF Token Status List as a CWT
(draft-ietf-oauth-status-list): claims sub (2), iat (6), exp (4), ttl (65534) and
status_list (65533) = {"bits": 2, "lst": the zlib-compressed bytes}, where index i is in byte
i // 4 at bit 2 * (i % 4), least significant first; the protected header names the type.
It is signed as COSE_Sign1 by the key that signs the cards, so the JWKS checks both.

Published at most 60 seconds old: a copy is kept in the shared cache and rebuilt by the first
request that finds it older than that, while other requests keep serving it.
"""

import datetime as dt
import hashlib
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

import cbor2
from django.conf import settings
from django.core.cache import cache
from django.db.models import F, Max
from django.utils import timezone

from cards.models import Card, RetiredToken, StatusListSlot
from cards.signing import cose, keys

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
SPARE_PLACES = 1 << 16


@dataclass(frozen=True)
class Published:
    token: bytes
    issued_at: dt.datetime

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


def published() -> Published:
    """The list as served now: the cached copy, or a new one when it is 60 seconds old."""
    now = timezone.now()
    current = cache.get(CACHE_KEY)
    fresh = current is not None and now - current.issued_at < dt.timedelta(seconds=TTL_SECONDS)
    if fresh or (current is not None and not cache.add(REBUILD_LOCK, 1, TTL_SECONDS)):
        return current
    current = Published(sign(now), now)
    cache.set(CACHE_KEY, current, int(LIFETIME.total_seconds()))
    cache.delete(REBUILD_LOCK)
    return current
