"""A friendly 503 page when the shared cache (Redis) cannot be reached.

Sessions, login throttles and verification limits live in Redis. Without it the portal cannot
tell whether a login or a look-up is within its limits, so the request fails (closed: nothing
goes through uncounted) and the visitor is told to come back, instead of seeing a 500.

Django turns an exception anywhere below a middleware (a view, the session middleware) into a
500 response before any outer middleware sees it. So the failure is noted on the request when
Django reports the exception (got_request_exception), and the outermost middleware swaps that
500 for this page.
"""

import sys

from django.conf import settings
from django.core.signals import got_request_exception
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

CACHE_FAILURES = (RedisConnectionError, RedisTimeoutError)
RETRY_AFTER_SECONDS = 60


def _note_cache_failure(sender, request=None, **kwargs):
    if request is not None and isinstance(sys.exc_info()[1], CACHE_FAILURES):
        request.cache_unreachable = True


got_request_exception.connect(_note_cache_failure, dispatch_uid="mysapk.outage")


class CacheOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "cache_unreachable", False):
            return unavailable(request)
        return response


def unavailable(request) -> HttpResponse:
    """The 503 page, rendered without the session or user: reading them needs the cache."""
    with translation.override(getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)):
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response
