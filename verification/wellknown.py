"""What an offline verifier fetches: the public keys (JWKS) and the signed status list.

Both are public, the same for everyone, and signed or checkable on their own, so shared
caches may keep them and any origin may read them (the scanner may be served elsewhere).
"""

from django.http import HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views.decorators.http import require_safe

from cards import status_list
from cards.signing import keys

JWKS_MAX_AGE = 3600


def _public(response: HttpResponse, max_age: int) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=max_age)
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def jwks(request):
    """The key that signs now and every retired key a card not yet expired may carry."""
    body = {"keys": [key.jwk() for key in keys.published_keys()]}
    return _public(JsonResponse(body), JWKS_MAX_AGE)


@require_safe
def status(request):
    current = status_list.published()
    not_modified = get_conditional_response(request, etag=current.etag)
    response = not_modified or HttpResponse(current.token, content_type=status_list.CONTENT_TYPE)
    response["ETag"] = current.etag
    return _public(response, status_list.TTL_SECONDS)
