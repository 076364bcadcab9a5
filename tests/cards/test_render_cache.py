"""Rendered card files are kept per process in a small cache, never in the shared Redis.

The shared cache holds sessions and throttle counters and must not evict them; about half a
megabyte of card files per photo change would fill it.
"""

import pytest
from django.conf import settings
from django.core.cache import cache, caches

from cards import outputs

pytestmark = pytest.mark.django_db


def _cache_keys(card) -> list[str]:
    printed = outputs.printed_state(card)
    return [f"render:{outputs.render_key(printed, name)}" for name in outputs.DOWNLOADS]


def test_a_download_leaves_no_card_file_in_the_shared_cache(employee_client, card):
    content = employee_client.get("/layanan/kartu-asn/unduh/depan.png").content
    assert cache.get_many(_cache_keys(card)) == {}
    assert caches["renders"].get(_cache_keys(card)[0]) == content  # depan.png


def test_renders_are_cached_in_a_bounded_local_cache_of_each_process():
    renders = settings.CACHES["renders"]
    assert renders["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert renders["OPTIONS"]["MAX_ENTRIES"] == settings.RENDER_CACHE_ENTRIES == 64
    assert renders.get("LOCATION") != settings.CACHES["default"].get("LOCATION")
