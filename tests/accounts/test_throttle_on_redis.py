"""Throttle counts on Redis: one round trip per use, and a count never outlives its window."""

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from accounts import throttling

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_cache():
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        pytest.skip("needs REDIS_URL: the one-round-trip count is Redis' own")
    backend.clear()
    return backend


def round_trips(fn) -> int:
    import redis.connection

    calls = []
    original = redis.connection.Connection.read_response

    def counted(conn, *args, **kwargs):
        calls.append(1)
        return original(conn, *args, **kwargs)

    redis.connection.Connection.read_response = counted
    try:
        fn()
    finally:
        redis.connection.Connection.read_response = original
    return len(calls)


def test_a_use_within_the_limit_is_one_round_trip(redis_cache):
    subject = {"address": "203.0.113.9"}
    throttling.spend("verification-submit", subject)  # the script is loaded once per process
    assert round_trips(lambda: throttling.spend("verification-submit", subject)) == 1


def test_a_new_count_ends_with_its_window(redis_cache, settings):
    settings.VERIFICATION_VIEW_LIMIT = 5
    subject = {"address": "203.0.113.10"}
    assert throttling.spend("verification-view", subject) == 0
    key = redis_cache.make_and_validate_key(
        throttling._key("verification-view:address", "203.0.113.10")
    )
    client = redis_cache._cache.get_client(key)
    assert int(client.get(key)) == 1
    assert 0 < client.ttl(key) <= settings.VERIFICATION_WINDOW_SECONDS


def test_the_limit_still_blocks_and_the_counts_agree_with_the_cache(redis_cache, settings):
    settings.VERIFICATION_SUBMIT_LIMIT = 3
    subject = {"address": "203.0.113.11"}
    assert [throttling.spend("verification-submit", subject) for _ in range(3)] == [0, 0, 0]
    assert throttling.spend("verification-submit", subject) > 0
    assert throttling.seconds_to_wait("verification-submit", subject) > 0
    throttling.reset("verification-submit", subject)
    assert throttling.spend("verification-submit", subject) == 0
