"""The status list as the verification app serves it (verification/wellknown.py).

The list is made from cards and signed with the card key, and re-published by a job when a
card's status changes, so it lives in cards (cards/status_list.py): verification imports
cards, never the other way round. These are the names a server and a verifier use.
"""

import zlib  # noqa: F401  (a verifier inflates "lst" with it)

from django.utils import timezone  # noqa: F401

from cards.status_list import (  # noqa: F401
    BITS,
    CONTENT_TYPE,
    EXPIRES,
    ISSUED_AT,
    PATH,
    REPLACED,
    REVOKED,
    SPARE_PLACES,
    STATUS_LIST,
    SUB,
    TTL,
    TTL_SECONDS,
    VALID,
    Published,
    compress,
    published,
    status_at,
)
